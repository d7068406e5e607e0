package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import ma.cnss.claims.shared.Checksums;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.FhirBundles;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a restart finds is finished without help; what keeps failing is set aside with its reason. */
class IntakeRecoveryIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private long stagedSubmission(String submitter, byte[] body, String status, int attempts) throws Exception {
        Path staged = DATA.resolve("staging").resolve(submitter + ".csv");
        Files.createDirectories(staged.getParent());
        Files.write(staged, body);
        return jdbc.queryForObject("""
                insert into submission (submitter_inpe, channel, format, checksum_sha256, byte_size, status,
                                        staged_path, attempts)
                values (?, 'HTTP', 'CSV', ?, ?, ?, ?, ?) returning id""", Long.class, submitter,
                Checksums.sha256(staged), body.length, status, staged.toString(), attempts);
    }

    private String status(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    @Test
    void aSubmissionLeftProcessingByADeadWorkerIsTakenAgainAndStoredOnce() throws Exception {
        long id = stagedSubmission("511111111", ClaimCsv.file().validClaim("R1-1").validClaim("R1-2").bytes(),
                "PROCESSING", 1);

        await("taken again", Duration.ofSeconds(60), () -> status(id).equals("DONE"));

        assertThat(jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, id))
                .isEqualTo(2);
        assertThat(Files.exists(DATA.resolve("staging").resolve("511111111.csv"))).isFalse();
    }

    @Test
    void aStagedFileThatKeepsFailingIsQuarantinedWithItsReason() throws Exception {
        long id = stagedSubmission("522222222", ClaimCsv.file().validClaim("R2-1").bytes(), "RECEIVED", 5);

        await("quarantined", Duration.ofSeconds(60), () -> status(id).equals("FAILED"));

        assertThat(jdbc.queryForObject("select failure_message from submission where id = ?", String.class, id))
                .contains("5 tentatives");
        assertThat(jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, id)).isZero();
    }

    @Test
    void aFhirFileDroppedInTheInboxGetsAnOutboxReceiptWhoseCountsEqualTheDatabase() throws Exception {
        String submitter = "533333333";
        String bundle = FhirBundles.bundle(FhirBundles.claimEntry("R3-1", "410.00", "210.00"),
                FhirBundles.claimEntry("R3-2", "1.00", "210.00"));
        drop(DATA.resolve("inbox").resolve(submitter), "lot.json", bundle.getBytes());
        Path outbox = DATA.resolve("outbox").resolve(submitter);
        await("receipt in outbox", Duration.ofSeconds(60), () -> hasFileEndingWith(outbox, "lot.json.receipt.json"));

        Path receipt;
        try (var files = Files.list(outbox)) {
            receipt = files.filter(p -> p.toString().endsWith(".receipt.json")).findFirst().orElseThrow();
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(receipt.toFile());
        long id = json.path("submissionId").asLong();
        assertThat(json.path("format").asText()).isEqualTo("FHIR");
        assertThat(json.path("counts").path("received").asLong()).isEqualTo(2).isEqualTo(
                jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, id));
        assertThat(json.path("counts").path("rejected").asLong()).isEqualTo(1);
        assertThat(json.path("claims").get(1).path("issues").get(0).path("location").asText())
                .isEqualTo("Bundle.entry[4].resource.total");
    }

    @Test
    void refusedAndMalformedFilesLeaveEarlierAcceptedClaimsUnchanged() throws Exception {
        String submitter = "544444444";
        drop(DATA.resolve("inbox").resolve(submitter), "good.csv", ClaimCsv.file().validClaim("R4-1").bytes());
        await("good archived", Duration.ofSeconds(60),
                () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "good.csv"));
        await("good validated", Duration.ofSeconds(60), () -> "DONE".equals(jdbc.queryForObject(
                "select status from submission where submitter_inpe = ? and file_name = 'good.csv'", String.class,
                submitter)));
        String before = jdbc.queryForObject("select string_agg(claim_ref || status || stated_total, ',') from claim "
                + "where submitter_inpe = ?", String.class, submitter);

        drop(DATA.resolve("inbox").resolve(submitter), "bad.csv", new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '\n'});
        drop(DATA.resolve("inbox").resolve(submitter), "dup.csv", ClaimCsv.file().validClaim("R4-1").row("x").bytes());
        await("bad failed", Duration.ofSeconds(60),
                () -> hasFileEndingWith(DATA.resolve("failed").resolve(submitter), "bad.csv.reason.txt"));
        await("dup archived", Duration.ofSeconds(60),
                () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "dup.csv"));

        assertThat(jdbc.queryForObject("select string_agg(claim_ref || status || stated_total, ',') from claim "
                + "where submitter_inpe = ? and status <> 'REJECTED'", String.class, submitter)).isEqualTo(before);
    }
}
