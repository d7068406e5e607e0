package ma.cnss.claims.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.TestRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R1, short form: a second service instance (a child JVM on the same PostgreSQL, with its own inbox) ingests 5,000
 * claims in 25 files and is killed with SIGKILL at random moments, 5 times; after the last restart drains, every
 * file is in exactly one terminal folder, every claim exists exactly once, and the invariant checker finds nothing.
 */
class CrashLoopIntegrationTest extends IntegrationTest {

    private static final int FILES = 25;
    private static final int CLAIMS_PER_FILE = 200;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InvariantChecker checker;

    @Value("${claims.embedded-db.active-port:}")
    String embeddedPort;

    private Process start(Path root) throws IOException {
        return CrashLoopCommand.start(root, embeddedPort, "-Dclaims.intake.poll-delay-ms=100");
    }

    private long storedClaims(String prefix) {
        return jdbc.queryForObject("select count(*) from claim where claim_ref like ?", Long.class, prefix + "%");
    }

    @Test
    void killedFiveTimesWhileIngestingTheInstanceLosesNothingAndStoresNothingTwice() throws Exception {
        Assumptions.assumeFalse(embeddedPort.isEmpty(), "needs the embedded database's port");
        Path root = Files.createTempDirectory("crash-loop");
        String prefix = "K" + Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase() + "-";
        String submitter = "399000001";
        // members and dates of their own, so that no claim here is another test's care
        for (int f = 0; f < FILES; f++) {
            ClaimCsv csv = ClaimCsv.file();
            for (int c = 0; c < CLAIMS_PER_FILE; c++) {
                int n = f * CLAIMS_PER_FILE + c;
                LocalDate care = LocalDate.now().minusDays(20 + n / 2000);
                csv.row(prefix + n + ",TADAMON," + (200_000_000 + n % 2000) + ",0," + TestRegistry.BIRTH_DATE + ","
                        + TestRegistry.GP + ",PRIVATE,AMBULATORY,,,,J06.9,INSURED,200.00,1,ACT,C,1," + care
                        + ",200.00");
            }
            drop(root.resolve("inbox").resolve(submitter), "crash-" + f + ".csv", csv.bytes());
        }
        Random random = new Random(7);
        int kills = 0;
        while (kills < 5) {
            Process instance = start(root);
            long before = storedClaims(prefix);
            // wait until this life has stored something (or finished), then kill it at a random moment
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (storedClaims(prefix) == before && storedClaims(prefix) < FILES * CLAIMS_PER_FILE
                    && System.nanoTime() < deadline && instance.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(random.nextInt(400));
            instance.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful anything
            kills++;
            if (storedClaims(prefix) >= FILES * CLAIMS_PER_FILE) {
                break;
            }
        }
        Process last = start(root);
        try {
            await("every file taken and every claim decided", Duration.ofMinutes(3), () -> {
                try (Stream<Path> left = Files.walk(root.resolve("inbox"))) {
                    return left.noneMatch(Files::isRegularFile)
                            && jdbc.queryForObject("select count(*) from claim where claim_ref like ? and "
                                    + "(status = 'RECEIVED' or (status <> 'REJECTED' and flagged_at is null))",
                                    Long.class, prefix + "%") == 0
                            && storedClaims(prefix) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            last.destroy();
            last.waitFor();
        }

        assertThat(kills).isGreaterThanOrEqualTo(1);
        long archived;
        long failed;
        try (Stream<Path> a = Files.walk(root.resolve("archive")); Stream<Path> r = Files.exists(root.resolve("failed"))
                ? Files.walk(root.resolve("failed")) : Stream.empty()) {
            archived = a.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
            failed = r.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
        }
        assertThat(archived + failed).as("each file in exactly one terminal folder").isEqualTo(FILES);
        assertThat(storedClaims(prefix)).as("every claim exactly once").isEqualTo(FILES * CLAIMS_PER_FILE);
        assertThat(jdbc.queryForObject("select count(distinct claim_ref) from claim where claim_ref like ?",
                Long.class, prefix + "%")).isEqualTo(FILES * CLAIMS_PER_FILE);
        assertThat(checker.check(false).violations()).isEmpty();
    }
}
