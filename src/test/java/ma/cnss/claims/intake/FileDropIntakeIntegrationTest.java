package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class FileDropIntakeIntegrationTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    private long claimsOf(String submitter) {
        return jdbc.queryForObject("select count(*) from claim where submitter_inpe = ?", Long.class, submitter);
    }

    private double receivedCounter() {
        return meters.find("amo.claims.received").functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aDroppedCsvFileIsStoredOnceAndTheCounterEqualsTheDatabase() {
        String submitter = "311111111";
        double counterBefore = receivedCounter();
        long allBefore = jdbc.queryForObject("select count(*) from claim", Long.class);
        byte[] file = ClaimCsv.file().validClaim("F1-1").validClaim("F1-2").validClaim("F1-3").bytes();

        drop(DATA.resolve("inbox").resolve(submitter), "first.csv", file);
        await("file archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "first.csv"));

        assertThat(claimsOf(submitter)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from claim_line l join claim c on c.id = l.claim_id "
                + "where c.submitter_inpe = ?", Long.class, submitter)).isEqualTo(6);
        long allAfter = jdbc.queryForObject("select count(*) from claim", Long.class);
        assertThat(receivedCounter() - counterBefore).isEqualTo(allAfter - allBefore);
        await("validated", TIMEOUT, () -> "DONE".equals(jdbc.queryForObject(
                "select status from submission where submitter_inpe = ?", String.class, submitter)));
        assertThat(jdbc.queryForList("select status from claim where submitter_inpe = ?", String.class, submitter))
                .containsOnly("ACCEPTED");
    }

    @Test
    void theSameFileDroppedAgainUnderAnotherNameAddsNothing() {
        String submitter = "322222222";
        byte[] file = ClaimCsv.file().validClaim("F2-1").bytes();
        drop(DATA.resolve("inbox").resolve(submitter), "once.csv", file);
        await("first archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "once.csv"));

        drop(DATA.resolve("inbox").resolve(submitter), "again.csv", file);
        await("second archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "again.csv"));

        assertThat(claimsOf(submitter)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from submission where submitter_inpe = ?", Long.class,
                submitter)).isEqualTo(1);
    }

    @Test
    void aClaimRefAlreadyAcceptedIsRefusedAsDuplicateAndNeverBecomesASecondClaim() {
        String submitter = "333333333";
        drop(DATA.resolve("inbox").resolve(submitter), "a.csv", ClaimCsv.file().validClaim("F3-1").bytes());
        await("a archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "a.csv"));
        // a different file (one more claim) repeating F3-1, and a claim_ref repeated inside the file
        drop(DATA.resolve("inbox").resolve(submitter), "b.csv", ClaimCsv.file().validClaim("F3-1")
                .validClaim("F3-2").validClaim("F3-3").validClaim("F3-2").bytes());
        await("b archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "b.csv"));

        assertThat(jdbc.queryForObject("select count(*) from claim where submitter_inpe = ? and status <> 'REJECTED'",
                Long.class, submitter)).isEqualTo(3);
        assertThat(jdbc.queryForList("""
                select c.claim_ref from claim c join claim_issue i on i.claim_id = c.id
                where c.submitter_inpe = ? and i.reason_code = 'DUPLICATE' order by c.source_row""", String.class,
                submitter)).containsExactly("F3-1", "F3-2");
    }

    @Test
    void aMalformedClaimIsRefusedAloneWhileTheRestOfTheFileGoesOn() {
        String submitter = "344444444";
        byte[] file = ClaimCsv.file().validClaim("F4-1")
                .row("F4-2,TADAMON,100000007,0,1980-05-17,300000000,PRIVATE,AMBULATORY,,,,E11.9,INSURED,abc,1,ACT,C,"
                        + "1,2026-11-02,200.00")
                .validClaim("F4-3").bytes();
        drop(DATA.resolve("inbox").resolve(submitter), "mixed.csv", file);
        await("archived", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("archive").resolve(submitter), "mixed.csv"));

        await("validated", TIMEOUT, () -> "DONE".equals(jdbc.queryForObject(
                "select status from submission where submitter_inpe = ?", String.class, submitter)));
        assertThat(jdbc.queryForList("select claim_ref || ':' || status from claim where submitter_inpe = ? "
                + "order by source_row", String.class, submitter))
                .containsExactly("F4-1:ACCEPTED", "F4-2:REJECTED", "F4-3:ACCEPTED");
        assertThat(jdbc.queryForObject("select message_fr from claim_issue i join claim c on c.id = i.claim_id "
                + "where c.claim_ref = 'F4-2'", String.class)).contains("Ligne 4").contains("claim_total_mad");
    }

    @Test
    void anUnreadableFileGoesToTheFailedFolderWithItsReasonAndNoClaimIsKept() throws Exception {
        String submitter = "355555555";
        drop(DATA.resolve("inbox").resolve(submitter), "bad.csv",
                "not,a,claim,file\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8));
        await("failed", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("failed").resolve(submitter), "bad.csv.reason.txt"));

        assertThat(claimsOf(submitter)).isZero();
        assertThat(jdbc.queryForObject("select status || ':' || failure_code from submission where submitter_inpe = ?",
                String.class, submitter)).isEqualTo("FAILED:FILE_BAD_HEADER");
        try (Stream<Path> files = Files.list(DATA.resolve("failed").resolve(submitter))) {
            Path reason = files.filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
            assertThat(Files.readString(reason)).contains("colonne inconnue").contains("not");
        }
    }

    @Test
    void aFileOutsideASubmitterFolderIsRefusedWithoutTouchingTheDatabase() {
        long before = jdbc.queryForObject("select count(*) from submission", Long.class);
        drop(DATA.resolve("inbox").resolve("clinic-a"), "x.csv", ClaimCsv.file().validClaim("F5-1").bytes());
        await("failed", TIMEOUT, () -> hasFileEndingWith(DATA.resolve("failed").resolve("clinic-a"), "x.csv.reason.txt"));

        assertThat(jdbc.queryForObject("select count(*) from submission", Long.class)).isEqualTo(before);
    }
}
