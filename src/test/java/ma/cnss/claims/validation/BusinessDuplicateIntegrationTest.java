package ma.cnss.claims.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.TestRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * DUPLICATE (amo-rules §6.2, reliability P2): the same care is accepted once across channels and payees; other
 * care of the same beneficiary on the same day passes.
 */
class BusinessDuplicateIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    private static String row(String ref, String insured, String payee, String code, String date) {
        return ref + ",TADAMON," + insured + ",0," + TestRegistry.BIRTH_DATE + "," + TestRegistry.GP
                + ",PRIVATE,AMBULATORY,,,,E11.9," + payee + ",200.00,1,ACT," + code + ",1," + date + ",200.00";
    }

    private String statusOf(String submitter, String ref) {
        return jdbc.queryForObject("select status from claim where submitter_inpe = ? and claim_ref = ?", String.class,
                submitter, ref);
    }

    private void dropAndWait(String submitter, String name, String row) {
        drop(DATA.resolve("inbox").resolve(submitter), name, (ma.cnss.claims.support.ClaimCsv.HEADER + "\n" + row
                + "\n").getBytes());
        await(name + " decided", Duration.ofSeconds(60), () -> jdbc.queryForObject(
                "select count(*) from submission where submitter_inpe = ? and file_name = ? and status = 'DONE'",
                Long.class, submitter, name) == 1);
    }

    @Test
    void theSameCareBilledByTheClinicAndClaimedByTheMemberIsAcceptedOnce() {
        String insured = TestRegistry.nextMember();
        String date = TestRegistry.recentCareDate().toString();
        dropAndWait("711111111", "tiers-payant.csv", row("TP-1", insured, "PROVIDER", "C", date));
        dropAndWait("722222222", "member.csv", row("MB-1", insured, "INSURED", "C", date));
        dropAndWait("722222222", "other-act.csv", row("MB-2", insured, "INSURED", "K20", date));

        assertThat(statusOf("711111111", "TP-1")).isEqualTo("ACCEPTED");
        assertThat(statusOf("722222222", "MB-1")).isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("""
                select i.reason_code from claim_issue i join claim c on c.id = i.claim_id
                where c.claim_ref = 'MB-1' and c.submitter_inpe = '722222222'""", String.class)).isEqualTo("DUPLICATE");
        assertThat(statusOf("722222222", "MB-2")).isEqualTo("ACCEPTED");
    }

    @Test
    void aCareClaimedByAnotherWriterWhileAFileIsTakenIsAcceptedOnceAndTheFileIsTakenAgainAtOnce()
            throws Exception {
        String insured = TestRegistry.nextMember();
        String date = TestRegistry.recentCareDate().toString();
        // the lost race is expected: it must be retried where it happened and logged on one line
        ch.qos.logback.classic.Logger races = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                ma.cnss.claims.shared.LostRaces.class);
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        races.addAppender(logged);
        // another test's command context (logging.level.ma.cnss=WARN) may have lowered the shared logback levels
        ch.qos.logback.classic.Level level = races.getLevel();
        races.setLevel(ch.qos.logback.classic.Level.INFO);
        dropAndWait("733333333", "holder.csv", row("HOLD-1", insured, "PROVIDER", "K20", date));
        long holder = jdbc.queryForObject("select id from claim where submitter_inpe = '733333333' and claim_ref = "
                + "'HOLD-1'", Long.class);
        String careKey = ValidationStage.hashedCareKey(insured + "|0|" + TestRegistry.GP + "|" + date + "|C");
        // another writer claims the care and has not committed when the file is taken: the file's transaction reads
        // the key as free, then waits on it
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var claim = other.prepareStatement(
                    "insert into accepted_care (care_key, claim_id, line_no) values (?::uuid, ?, 1)")) {
                claim.setString(1, careKey);
                claim.setLong(2, holder);
                claim.executeUpdate();
            }
            drop(DATA.resolve("inbox").resolve("744444444"), "twin.csv", (ma.cnss.claims.support.ClaimCsv.HEADER
                    + "\n" + row("TW-1", insured, "INSURED", "C", date) + "\n").getBytes());
            await("the file's transaction waiting on the care key", Duration.ofSeconds(60), () -> jdbc.queryForObject(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike "
                            + "'%accepted_care%'", Long.class) > 0);
            other.commit();
        }
        await("twin.csv decided", Duration.ofSeconds(60), () -> jdbc.queryForObject(
                "select count(*) from submission where submitter_inpe = '744444444' and file_name = 'twin.csv' "
                        + "and status = 'DONE'", Long.class) == 1);

        assertThat(statusOf("744444444", "TW-1")).isEqualTo("REJECTED");
        assertThat(jdbc.queryForList("""
                select i.reason_code from claim_issue i join claim c on c.id = i.claim_id
                where c.claim_ref = 'TW-1' and c.submitter_inpe = '744444444'""", String.class))
                .containsExactly("DUPLICATE");
        assertThat(jdbc.queryForObject("select claim_id from accepted_care where care_key = ?::uuid", Long.class,
                careKey)).isEqualTo(holder);
        assertThat(jdbc.queryForObject("select count(*) from claim where submitter_inpe = '744444444'", Long.class))
                .isEqualTo(1);
        races.detachAppender(logged);
        races.setLevel(level);
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly("A file from submitter 744444444 lost a race with another writer "
                        + "(ConcurrencyFailureException): rolled back, attempt 2 of 3");
    }

    @Test
    void theCareKeyHashedInJavaIsTheOneTheMigrationHashedInPostgresql() {
        // V15 turned every stored key into md5(key)::uuid; new keys are hashed by the service: both must agree, or a
        // care accepted before the migration would be accepted again after it
        for (String key : new String[] {"A123456789|0|711111111|2026-01-02|C", "é|1|x|2026-12-31|6118000041238", ""}) {
            assertThat(ValidationStage.hashedCareKey(key))
                    .isEqualTo(jdbc.queryForObject("select md5(?)::uuid::text", String.class, key));
        }
    }
}
