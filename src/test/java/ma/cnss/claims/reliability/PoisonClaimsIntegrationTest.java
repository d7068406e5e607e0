package ma.cnss.claims.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R8: a claim that makes a stage's code throw (injected: references POISON-&lt;STAGE&gt;-...) is retried a bounded
 * number of times and then quarantined with its error, while the rest of its file and another clinic's file go
 * through every stage; the file still ends DONE with accepted + rejected + quarantined = declared.
 */
class PoisonClaimsIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InvariantChecker checker;

    @Value("${claims.intake.inbox}")
    String inbox;

    private void dropFile(String submitter, String name, byte[] content) throws Exception {
        Path folder = Path.of(inbox).resolve(submitter);
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".part"), content);
        Files.move(folder.resolve(name + ".part"), folder.resolve(name));
    }

    private long claim(String ref) {
        return jdbc.queryForObject("select id from claim where claim_ref = ?", Long.class, ref);
    }

    @Test
    void aClaimThatMakesAStageThrowIsQuarantinedAfterThreeAttemptsWhileEverythingElseFlows() throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase();
        dropFile("433000001", "poisoned-" + tag + ".csv", ClaimCsv.file()
                .row(ReviewFixtures.consultationRows("POISON-VALIDATION-" + tag, "J06.9"))
                .row(ReviewFixtures.consultationRows("POISON-FHIR-" + tag, "J06.9"))
                .row(ReviewFixtures.consultationRows("POISON-FLAGGING-" + tag, "J06.9"))
                .row(ReviewFixtures.consultationRows("CLEAN-A-" + tag, "J06.9")).bytes());
        dropFile("433000002", "other-clinic-" + tag + ".csv", ClaimCsv.file()
                .row(ReviewFixtures.consultationRows("CLEAN-B1-" + tag, "J06.9"))
                .row(ReviewFixtures.consultationRows("CLEAN-B2-" + tag, "J06.9")).bytes());

        await("three poison claims quarantined", Duration.ofSeconds(60), () -> jdbc.queryForObject("""
                select count(*) from stage_failure f join claim c on c.id = f.claim_id
                where c.claim_ref like 'POISON-%' and c.claim_ref like ? and f.quarantined_at is not null""",
                Long.class, "%-" + tag) == 3);
        await("the clean claims through every stage", Duration.ofSeconds(60), () -> jdbc.queryForObject("""
                select count(*) from claim where claim_ref like 'CLEAN-%' and claim_ref like ?
                  and flagged_at is not null and fhir_mapped_at is not null""", Long.class, "%-" + tag) == 3);

        for (String stage : new String[] {"VALIDATION", "FHIR", "FLAGGING"}) {
            Map<String, Object> failure = jdbc.queryForMap("select stage, attempts, last_error from stage_failure "
                    + "where claim_id = ?", claim("POISON-" + stage + "-" + tag));
            assertThat(failure.get("stage")).isEqualTo(stage);
            assertThat(failure.get("attempts")).as("retried a bounded number of times").isEqualTo(3);
            assertThat((String) failure.get("last_error")).contains("fault injected in " + stage);
        }
        assertThat(jdbc.queryForObject("select status from claim where id = ?", String.class,
                claim("POISON-VALIDATION-" + tag))).isEqualTo("RECEIVED");
        assertThat(jdbc.queryForObject("select fhir_mapped_at is null from claim where id = ?", Boolean.class,
                claim("POISON-FHIR-" + tag))).isTrue();
        assertThat(jdbc.queryForObject("select flagged_at is null and settleable_since is null from claim "
                + "where id = ?", Boolean.class, claim("POISON-FLAGGING-" + tag))).as("never paid").isTrue();
        Map<String, Object> file = jdbc.queryForMap("""
                select s.status, s.claims_received, s.claims_accepted, s.claims_rejected, s.claims_quarantined
                from submission s join claim c on c.submission_id = s.id where c.claim_ref = ?""",
                "CLEAN-A-" + tag);
        assertThat(file.get("status")).isEqualTo("DONE");
        assertThat(file.get("claims_quarantined")).isEqualTo(1);
        assertThat(((Number) file.get("claims_accepted")).intValue() + ((Number) file.get("claims_rejected")).intValue()
                + 1).isEqualTo(file.get("claims_received"));
        assertThat(checker.check(false).violations()).isEmpty();
    }

    @Test
    void aStoredClaimValidationCannotReadIsQuarantinedInsteadOfStoppingTheStage() {
        // a RECEIVED claim without its beneficiary or dates: intake never writes one, another writer might
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase();
        long submission = jdbc.queryForObject("""
                insert into submission (submitter_inpe, channel, format, checksum_sha256, byte_size, status,
                                        claims_received, claims_accepted)
                values ('433000003', 'HTTP', 'CSV', ?, 10, 'PROCESSING', 1, 1) returning id""", Long.class,
                String.format("%064x", System.nanoTime()));
        jdbc.update("""
                insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status)
                values (nextval('claim_id_seq'), ?, '433000003', ?, 2, 'RECEIVED')""", submission,
                "UNREADABLE-" + tag);

        await("the unreadable claim quarantined by validation", Duration.ofSeconds(30), () -> jdbc.queryForObject("""
                select count(*) from stage_failure where claim_id = ? and stage = 'VALIDATION'
                  and quarantined_at is not null""", Long.class, claim("UNREADABLE-" + tag)) == 1);
        Map<String, Object> failure = jdbc.queryForMap("select attempts, last_error from stage_failure "
                + "where claim_id = ?", claim("UNREADABLE-" + tag));
        assertThat(failure.get("attempts")).isEqualTo(3);
        assertThat((String) failure.get("last_error")).contains("NullPointerException");
        await("its submission done, the claim counted as quarantined", Duration.ofSeconds(30), () ->
                "DONE".equals(jdbc.queryForObject("select status from submission where id = ?", String.class,
                        submission)));
        assertThat(jdbc.queryForObject("select claims_quarantined from submission where id = ?", Integer.class,
                submission)).isEqualTo(1);
        assertThat(checker.check(false).violations()).isEmpty();
    }
}
