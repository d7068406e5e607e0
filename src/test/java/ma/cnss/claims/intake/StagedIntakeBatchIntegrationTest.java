package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import ma.cnss.claims.shared.Checksums;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Staged HTTP submissions are stored several per transaction (two commits a batch instead of two a file); when one
 * of a batch fails, each is taken alone and only the failing one bears it.
 */
class StagedIntakeBatchIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    /**
     * Stages the bodies on disk and records their submissions in one statement, so that the staged-intake route
     * sees them all at its next poll. A null body names a staged file that is not there (a technical failure).
     */
    private List<Long> stageTogether(String submitterPrefix, byte[]... bodies) throws Exception {
        return stageTogether(submitterPrefix, -1, bodies);
    }

    /** The same, the body at {@code largeIndex} recorded as 300,000 bytes, over the size stored alone. */
    private List<Long> stageTogether(String submitterPrefix, int largeIndex, byte[]... bodies) throws Exception {
        StringBuilder values = new StringBuilder();
        Object[] args = new Object[bodies.length * 3];
        for (int i = 0; i < bodies.length; i++) {
            Path staged = DATA.resolve("staging").resolve(submitterPrefix + i + ".csv");
            Files.createDirectories(staged.getParent());
            if (bodies[i] != null) {
                Files.write(staged, bodies[i]);
            }
            values.append(i == 0 ? "" : ", ").append("(?, 'HTTP', 'CSV', ?, ").append(i == largeIndex ? 300_000 : 10)
                    .append(", 'RECEIVED', ?, 0)");
            args[3 * i] = submitterPrefix + i;
            args[3 * i + 1] = Checksums.sha256(bodies[i] != null ? staged
                    : Files.write(Files.createTempFile("absent", ".csv"), staged.toString().getBytes()));
            args[3 * i + 2] = staged.toString();
        }
        return jdbc.queryForList("insert into submission (submitter_inpe, channel, format, checksum_sha256, "
                + "byte_size, status, staged_path, attempts) values " + values + " returning id", Long.class, args);
    }

    private String status(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    /**
     * How many transactions stored these submissions. A file's intake ends by setting its submission DONE with
     * {@code completed_at = now()}, the time its transaction began, which no later stage changes (the rows' xmin
     * would not do: the flagging stage updates claims and submissions of several files in one transaction).
     */
    private long storingTransactions(List<Long> submissionIds) {
        return jdbc.queryForObject("select count(distinct completed_at) from submission where id = any(?) "
                + "and status = 'DONE'", Long.class, (Object) submissionIds.toArray(Long[]::new));
    }

    private long claims(long submissionId) {
        return jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, submissionId);
    }

    @Test
    void stagedSubmissionsWaitingTogetherAreStoredInOneTransactionEachWithItsOwnCounts() throws Exception {
        List<Long> ids = stageTogether("51000000", ClaimCsv.file().validClaim("B1-1").bytes(),
                ClaimCsv.file().validClaim("B1-2").validClaim("B1-3").bytes(),
                ClaimCsv.file().validClaim("B1-4").bytes());

        await("stored", Duration.ofSeconds(60), () -> ids.stream().allMatch(id -> status(id).equals("DONE")));

        assertThat(ids.stream().map(this::claims).toList()).containsExactly(1L, 2L, 1L);
        assertThat(jdbc.queryForList("select claims_received from submission where id = any(?) order by id",
                Long.class, (Object) ids.toArray(Long[]::new))).containsExactly(1L, 2L, 1L);
        assertThat(storingTransactions(ids)).as("the three files stored by one transaction").isEqualTo(1);
        assertThat(jdbc.queryForList("select attempts from submission where id = any(?)", Integer.class,
                (Object) ids.toArray(Long[]::new))).containsOnly(1);
    }

    @Test
    void aLargeBodyIsStoredInATransactionOfItsOwnSoTheSmallOnesDoNotWaitForIt() throws Exception {
        List<Long> ids = stageTogether("54000000", 1, ClaimCsv.file().validClaim("B4-1").bytes(),
                ClaimCsv.file().validClaim("B4-2").bytes(), ClaimCsv.file().validClaim("B4-3").bytes());

        await("stored", Duration.ofSeconds(60), () -> ids.stream().allMatch(id -> status(id).equals("DONE")));

        assertThat(storingTransactions(List.of(ids.get(0), ids.get(2)))).isEqualTo(1);
        assertThat(storingTransactions(ids)).isEqualTo(2);
    }

    @Test
    void aRefusedFileInABatchIsRecordedWithItsReasonAndTheOthersAreStoredAsIfAlone() throws Exception {
        List<Long> ids = stageTogether("52000000", ClaimCsv.file().validClaim("B2-1").bytes(),
                new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '\n'},
                ClaimCsv.file().validClaim("B2-3").bytes());

        await("all finished", Duration.ofSeconds(60), () -> ids.stream().noneMatch(id -> status(id).equals("RECEIVED")
                || jdbc.queryForObject("select staged_path is not null from submission where id = ?", Boolean.class, id)));

        assertThat(status(ids.get(1))).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("select failure_code from submission where id = ?", String.class, ids.get(1)))
                .isNotBlank();
        assertThat(claims(ids.get(1))).isZero();
        assertThat(claims(ids.get(0))).isEqualTo(1);
        assertThat(claims(ids.get(2))).isEqualTo(1);
        assertThat(jdbc.queryForList("select attempts from submission where id = any(?)", Integer.class,
                (Object) ids.toArray(Long[]::new))).as("the refusal costs the others no attempt").containsOnly(1);
    }

    @Test
    void aFileThatFailsTechnicallyInABatchChargesItsAttemptsToItselfAlone() throws Exception {
        List<Long> ids = stageTogether("53000000", ClaimCsv.file().validClaim("B3-1").bytes(), null,
                ClaimCsv.file().validClaim("B3-3").bytes());

        await("the others stored", Duration.ofSeconds(60), () -> claims(ids.get(0)) == 1 && claims(ids.get(2)) == 1);
        await("the missing file quarantined", Duration.ofSeconds(60), () -> status(ids.get(1)).equals("FAILED"));

        assertThat(jdbc.queryForList("select attempts from submission where id = any(?) order by id", Integer.class,
                (Object) ids.toArray(Long[]::new))).containsExactly(1, 6, 1);
        assertThat(jdbc.queryForObject("select last_error from submission where id = ?", String.class, ids.get(1)))
                .isEqualTo("UncheckedIOException");
        assertThat(claims(ids.get(1))).isZero();
    }
}
