package ma.cnss.claims.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import ma.cnss.claims.ClaimsApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service against a real PostgreSQL: the embedded one (a private instance on
 * a free port with a temporary data directory), or the server named by CLAIMS_DB_URL. One Spring context, one
 * database and one set of data folders are shared by every integration test of the JVM.
 */
// inlined properties reach the environment before EmbeddedDatabase runs: an empty data dir means a temporary one
@AutoConfigureObservability // tests scrape /actuator/prometheus as Prometheus would
@SpringBootTest(classes = ClaimsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "claims.embedded-db.data-dir=")
public abstract class IntegrationTest {

    protected static final Path DATA = createDataFolder();

    private static Path createDataFolder() {
        try {
            // inside a folder of its own: what a hostile file name could reach next to the data folder is then only
            // this test run's (HostileInputIntegrationTest looks there), not every other program's temporary files
            return Files.createDirectories(Files.createTempDirectory("amo-claims-it").resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static volatile boolean seeded;

    @Autowired
    private JdbcTemplate registryJdbc;

    @BeforeEach
    void seedRegistry() {
        if (!seeded) {
            synchronized (IntegrationTest.class) {
                if (!seeded) {
                    TestRegistry.seed(registryJdbc);
                    seeded = true;
                }
            }
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("claims.intake.inbox", () -> DATA.resolve("inbox").toString());
        registry.add("claims.intake.archive", () -> DATA.resolve("archive").toString());
        registry.add("claims.intake.failed", () -> DATA.resolve("failed").toString());
        registry.add("claims.intake.outbox", () -> DATA.resolve("outbox").toString());
        registry.add("claims.registry.inbox", () -> DATA.resolve("registry-inbox").toString());
        registry.add("claims.registry.archive", () -> DATA.resolve("registry-archive").toString());
        registry.add("claims.registry.failed", () -> DATA.resolve("registry-failed").toString());
        registry.add("claims.intake.staging", () -> DATA.resolve("staging").toString());
        registry.add("claims.intake.poll-delay-ms", () -> "100");
        registry.add("claims.intake.staged-poll-ms", () -> "50");
        registry.add("claims.intake.max-upload-bytes", () -> String.valueOf(2 * 1024 * 1024));
        // ClaimCsv.validClaim (410.00) needs a second supervisor; a consultation alone (200.00) does not
        registry.add("claims.review.four-eyes-above-mad", () -> "400.00");
        // tests run settlement days themselves
        registry.add("claims.settlement.schedule-enabled", () -> "false");
        registry.add("claims.settlement.payments-dir", () -> DATA.resolve("payments").toString());
        // stages throw on claims named POISON-<STAGE>-... (StageQuarantine), for the poison test
        registry.add("claims.fault.poison-ref-prefix", () -> "POISON-");
    }

    /** Waits for a condition the pipeline makes true asynchronously; fails with the message after the timeout. */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Whether the folder holds a file whose name ends so. */
    protected static boolean hasFileEndingWith(Path folder, String nameEnd) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(nameEnd));
        } catch (IOException e) {
            return false;
        }
    }

    /** Drops a file in a folder as a clinic must: written under a temporary name, then renamed. */
    protected static Path drop(Path folder, String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve(name + ".part");
            Files.write(part, content);
            return Files.move(part, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
