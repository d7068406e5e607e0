package ma.cnss.claims.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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

    /** What {@code LostRaces} logs from now until {@link #stop()}. */
    private static final class LostRacesLog {
        private final ch.qos.logback.classic.Logger races = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(ma.cnss.claims.shared.LostRaces.class);
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        private final ch.qos.logback.classic.Level level = races.getLevel();

        LostRacesLog() {
            logged.start();
            races.addAppender(logged);
            // another test's command context (logging.level.ma.cnss=WARN) may have lowered the shared logback levels
            races.setLevel(ch.qos.logback.classic.Level.INFO);
        }

        List<String> stop() {
            races.detachAppender(logged);
            races.setLevel(level);
            return logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        }
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
        LostRacesLog races = new LostRacesLog();
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
        // the file's first attempt does not read the cares held: the primary key refuses it either way
        assertThat(races.stop()).containsExactly("A file from submitter 744444444 must be taken again "
                + "(CareHeldAlready): rolled back, attempt 2 of 3");
    }

    @Test
    void aClaimReferenceStoredByAnotherWriterWhileAFileIsTakenIsRefusedAsDuplicateAndTheFileIsTakenAgainAtOnce()
            throws Exception {
        String submitter = "766666666";
        LostRacesLog races = new LostRacesLog();
        String date = TestRegistry.recentCareDate().toString();
        dropAndWait(submitter, "ref-holder.csv", row("RH-1", TestRegistry.nextMember(), "PROVIDER", "C", date));
        long model = jdbc.queryForObject("select id from claim where submitter_inpe = ? and claim_ref = 'RH-1'",
                Long.class, submitter);
        String columns = """
                submitter_inpe, source_row, status, regime, insured_id, beneficiary_rank, patient_birth_date,
                provider_inpe, sector, care_setting, admission_date, discharge_date, prior_approval_ref, diagnoses,
                payee, stated_total, first_service_date, validated_at, accepted_billed, accepted_first_care""";
        // another writer of the same submitter (an HTTP submission, another instance) stores claim RR-1 with its
        // submission and lines, as intake writes them, and has not committed when the file is taken: the file's
        // transaction reads the reference as free, then waits on the unique index
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            long submission;
            long claim;
            try (var statement = other.createStatement()) {
                var inserted = statement.executeQuery("""
                        insert into submission (submitter_inpe, channel, format, file_name, checksum_sha256, byte_size,
                            status, completed_at, rows_read, claims_received, claims_accepted)
                        values ('%s', 'HTTP', 'CSV', 'other-writer.csv', repeat('7', 64), 1, 'DONE', now(), 1, 1, 1)
                        returning id, nextval('claim_id_seq')""".formatted(submitter));
                inserted.next();
                submission = inserted.getLong(1);
                claim = inserted.getLong(2);
                statement.execute("""
                        insert into claim (id, submission_id, claim_ref, %1$s)
                        select %2$d, %3$d, 'RR-1', %4$s from claim c where c.id = %5$d""".formatted(columns, claim,
                        submission, columns.replaceAll("(\\w+)", "c.$1"), model));
                statement.execute("""
                        insert into claim_line (claim_id, line_no, source_row, status, line_type, code, quantity,
                            service_date, billed, late_penalty_pct)
                        select %d, line_no, source_row, status, line_type, code, quantity, service_date, billed,
                            late_penalty_pct
                        from claim_line where claim_id = %d""".formatted(claim, model));
            }
            drop(DATA.resolve("inbox").resolve(submitter), "racing.csv", (ma.cnss.claims.support.ClaimCsv.HEADER
                    + "\n" + row("RR-1", TestRegistry.nextMember(), "PROVIDER", "C", date) + "\n").getBytes());
            await("the file's transaction waiting on the claim reference", Duration.ofSeconds(60), () -> jdbc
                    .queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query "
                            + "ilike 'copy claim %'", Long.class) > 0);
            other.commit();
        }
        await("racing.csv decided", Duration.ofSeconds(60), () -> jdbc.queryForObject(
                "select count(*) from submission where submitter_inpe = ? and file_name = 'racing.csv' "
                        + "and status = 'DONE'", Long.class, submitter) == 1);

        // the reference is the other writer's; the file's claim is refused as a duplicate, stored once
        assertThat(jdbc.queryForList("""
                select s.file_name || ':' || c.status from claim c join submission s on s.id = c.submission_id
                where c.submitter_inpe = ? and c.claim_ref = 'RR-1' order by s.file_name""", String.class, submitter))
                .containsExactly("other-writer.csv:ACCEPTED", "racing.csv:REJECTED");
        assertThat(jdbc.queryForList("""
                select i.reason_code from claim_issue i join claim c on c.id = i.claim_id
                join submission s on s.id = c.submission_id
                where c.claim_ref = 'RR-1' and s.file_name = 'racing.csv'""", String.class))
                .containsExactly("DUPLICATE");
        assertThat(races.stop()).containsExactly("A file from submitter " + submitter + " must be taken again "
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
