package ma.cnss.claims.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import ma.cnss.claims.ClaimsApplication;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.generator.SyntheticDataGenerator;
import ma.cnss.claims.platform.EmbeddedDatabase;
import ma.cnss.claims.registry.RegistryExtractLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R1 (crash loop), run by the {@code reliability} command ({@link ReliabilityCommand}) at full size. On a
 * fresh embedded PostgreSQL, a generated day is dropped in the inbox of a service instance (a child JVM) that is
 * killed with SIGKILL at random moments while it works, then restarted; after the last restart drains, it checks
 * that every file is in exactly one terminal folder, every claim exists exactly once, and the invariant checker
 * finds nothing, and prints the table. The short form runs in CI ({@code CrashLoopIntegrationTest}).
 */
public final class CrashLoopCommand {

    private CrashLoopCommand() {
    }

    /** R1 at the given size; returns the table's rows (the loop, files, claims, checker). */
    public static List<ReliabilityScenarios.Row> crashLoop(int claims, int kills, int perFile, long seed)
            throws Exception {
        List<ReliabilityScenarios.Row> rows = new ArrayList<>();
        Path root = Files.createTempDirectory("amo-reliability");
        say("R1 crash loop: %,d claims in files of %,d, %d kills, in %s", claims, perFile, kills, root);
        Path generated = root.resolve("generated");
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, claims, perFile, LocalDate.now(),
                generated, 0.09, "R", "csv"), line -> { }).generate();
        try (ConfigurableApplicationContext context = ma.cnss.claims.cli.CommandContext.open(
                "--claims.embedded-db.data-dir=" + root.resolve("pg"))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            RegistryExtractLoader registry = context.getBean(RegistryExtractLoader.class);
            for (String extract : List.of("providers.csv", "members.csv", "ald_recognitions.csv",
                    "prior_approvals.csv")) {
                registry.load(generated.resolve("registry").resolve(extract), extract);
            }
            String port = context.getEnvironment().getProperty("claims.embedded-db.active-port");
            int files = ma.cnss.claims.generator.InboxDrop.dropAll(generated.resolve("claims"), root.resolve("inbox"));
            long start = System.nanoTime();
            int killed = killLoop(root, port, jdbc, claims, kills, new Random(seed));
            Process last = start(root, port);
            try {
                waitUntilDrained(root, jdbc, claims);
            } finally {
                last.destroy();
                last.waitFor();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long terminal = count(root.resolve("archive")) + count(root.resolve("failed"));
            long stored = jdbc.queryForObject("select count(*) from claim", Long.class);
            long distinct = jdbc.queryForObject("select count(distinct (submitter_inpe, claim_ref)) from claim",
                    Long.class);
            InvariantChecker.Report report = context.getBean(InvariantChecker.class).check(false);
            rows.add(new ReliabilityScenarios.Row("R1 kill -9 while ingesting and validating", killed >= kills,
                    String.format("%d kills survived (SIGKILL), %.0f s", killed, seconds)));
            rows.add(new ReliabilityScenarios.Row("R1 every file in exactly one terminal folder", terminal == files,
                    String.format("%d of %d files", terminal, files)));
            rows.add(new ReliabilityScenarios.Row("R1 every claim exactly once", stored == claims
                    && distinct == claims, String.format("%,d stored, %,d distinct, %,d generated", stored, distinct,
                    claims)));
            rows.add(new ReliabilityScenarios.Row("R1 invariant checker", report.clean(), report.violations().size()
                    + " violation(s)" + report.violations().stream().limit(5).map(v -> "; " + v.invariant() + " "
                    + v.where() + ": " + v.detail()).reduce("", String::concat)));
            return rows;
        } finally {
            EmbeddedDatabase.stop();
        }
    }

    private static int killLoop(Path root, String port, JdbcTemplate jdbc, int claims, int kills, Random random)
            throws IOException, InterruptedException {
        int killed = 0;
        while (killed < kills) {
            Process instance = start(root, port);
            long before = stored(jdbc);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // let this life do some work, then kill it at a random moment
            while (stored(jdbc) == before && System.nanoTime() < deadline && instance.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(random.nextInt(1500));
            instance.destroyForcibly().waitFor();
            killed++;
            say("  kill %d: %,d claims stored so far", killed, stored(jdbc));
            if (stored(jdbc) >= claims && pending(jdbc) == 0) {
                break;
            }
        }
        return killed;
    }

    private static void waitUntilDrained(Path root, JdbcTemplate jdbc, int claims) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean inboxEmpty;
            try (Stream<Path> left = Files.walk(root.resolve("inbox"))) {
                inboxEmpty = left.noneMatch(Files::isRegularFile);
            }
            if (inboxEmpty && stored(jdbc) >= claims && pending(jdbc) == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not drained after 60 minutes");
    }

    private static long stored(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from claim", Long.class);
    }

    private static long pending(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                select count(*) from claim where status = 'RECEIVED'
                   or (status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and flagged_at is null)""", Long.class);
    }

    /**
     * Starts a service instance in a child JVM with its own folders under {@code root}, on the PostgreSQL at
     * {@code port}, logging to {@code root/instance.log}; {@code extra} are more {@code -D} options.
     */
    public static Process start(Path root, String port, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        command.addAll(List.of(extra));
        for (String folder : List.of("inbox", "archive", "failed", "outbox", "staging")) {
            command.add("-Dclaims.intake." + folder + "=" + root.resolve(folder));
        }
        for (String folder : List.of("inbox", "archive", "failed")) {
            command.add("-Dclaims.registry." + folder + "=" + root.resolve("registry-" + folder));
        }
        command.addAll(List.of("-Dserver.port=0", "-Dclaims.settlement.schedule-enabled=false"));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath, "serve"));
        } else {
            command.addAll(List.of("-cp", classPath, ClaimsApplication.class.getName(), "serve"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("instance.log").toFile()));
        builder.environment().put("CLAIMS_DB_URL", "jdbc:postgresql://localhost:" + port + "/postgres");
        builder.environment().put("CLAIMS_DB_USER", "amo_app");
        builder.environment().put("CLAIMS_DB_MIGRATION_USER", "postgres");
        return builder.start();
    }

    private static long count(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
        }
    }

    static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
