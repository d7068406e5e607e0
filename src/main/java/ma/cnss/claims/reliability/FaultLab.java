package ma.cnss.claims.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import ma.cnss.claims.ClaimsApplication;
import ma.cnss.claims.cli.CommandContext;
import ma.cnss.claims.generator.SyntheticDataGenerator;
import ma.cnss.claims.registry.RegistryExtractLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A private world for one reliability scenario: a PostgreSQL of its own (which the scenario may crash, stop and
 * start), service instances as child JVMs on it sharing one set of data folders, a generated registry and claim
 * files, and the invariant checker on the same database. Used by the {@code reliability} command (full sizes) and
 * by the tests (short forms), so both run exactly the same code.
 */
public final class FaultLab implements AutoCloseable {

    private final Path root;
    private final int dbPort;
    private EmbeddedPostgres postgres;
    private final ConfigurableApplicationContext context;
    private final List<Process> instances = new ArrayList<>();

    private FaultLab(Path root) throws IOException {
        this.root = root;
        this.dbPort = freePort();
        this.postgres = startDatabase(root, dbPort);
        this.context = CommandContext.open("--spring.datasource.url=jdbc:postgresql://localhost:" + dbPort
                        + "/postgres?socketTimeout=60&connectTimeout=5",
                "--spring.datasource.username=amo_app", "--spring.datasource.password=",
                "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--spring.flyway.placeholders.appRole=amo_app",
                "--claims.settlement.payments-dir=" + root.resolve("payments"));
    }

    /** A new lab in a fresh temporary folder. */
    public static FaultLab open(String name) throws IOException {
        return new FaultLab(Files.createTempDirectory("amo-" + name));
    }

    public Path root() {
        return root;
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Generates a registry and {@code claims} claims (files of {@code perFile}), loads the registry. */
    public Path generate(long seed, int claims, int perFile, String refPrefix) throws IOException {
        Path generated = root.resolve("generated-" + refPrefix);
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, claims, perFile, LocalDate.now(),
                generated, 0.05, refPrefix, "csv"), line -> { }).generate();
        RegistryExtractLoader registry = bean(RegistryExtractLoader.class);
        for (String extract : List.of("providers.csv", "members.csv", "ald_recognitions.csv",
                "prior_approvals.csv")) {
            registry.load(generated.resolve("registry").resolve(extract), extract);
        }
        return generated.resolve("claims");
    }

    /** Every generated claim file, sorted. */
    public static List<Path> files(Path generatedClaims) throws IOException {
        try (Stream<Path> walk = Files.walk(generatedClaims)) {
            return walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    /** Drops a file in the shared inbox as a clinic does (written under a .part name, then renamed). */
    public void drop(Path file) throws IOException {
        Path folder = root.resolve("inbox").resolve(file.getParent().getFileName().toString());
        Files.createDirectories(folder);
        Path part = folder.resolve(file.getFileName() + ".part");
        Files.copy(file, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, folder.resolve(file.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    // ------------------------------------------------------------------------------------------- instances

    /** A running service instance: its process and HTTP port. */
    public record Instance(Process process, int httpPort, Path log) {
        public boolean alive() {
            return process.isAlive();
        }
    }

    /**
     * Starts a service instance ({@code serve}) on this lab's database and folders; {@code extra} are more
     * {@code -D} options (a crash point, a faster poll...).
     */
    public Instance startInstance(String name, String... extra) throws IOException {
        int httpPort = freePort();
        List<String> options = new ArrayList<>(List.of(extra));
        options.add("-Dserver.port=" + httpPort);
        Process process = launch(name, "serve", options, List.of());
        return new Instance(process, httpPort, root.resolve(name + ".log"));
    }

    /** Runs a one-shot command of the jar (settle, check...) in a child JVM; returns its exit code. */
    public int runCommand(String name, List<String> options, String... args) throws Exception {
        Process process = launch(name, args[0], options, List.of(args).subList(1, args.length));
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 10 minutes");
        }
        return process.exitValue();
    }

    private Process launch(String name, String command, List<String> options, List<String> args) throws IOException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m"));
        line.addAll(options);
        for (String folder : List.of("inbox", "archive", "failed", "outbox", "staging")) {
            line.add("-Dclaims.intake." + folder + "=" + root.resolve(folder));
        }
        for (String folder : List.of("inbox", "archive", "failed")) {
            line.add("-Dclaims.registry." + folder + "=" + root.resolve("registry-" + folder));
        }
        line.add("-Dclaims.settlement.payments-dir=" + root.resolve("payments"));
        line.add("-Dclaims.intake.poll-delay-ms=200");
        if (options.stream().noneMatch(o -> o.startsWith("-Dclaims.settlement.schedule-enabled"))) {
            line.add("-Dclaims.settlement.schedule-enabled=false");
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            line.addAll(List.of("-jar", classPath, command));
        } else {
            line.addAll(List.of("-cp", classPath, ClaimsApplication.class.getName(), command));
        }
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(name + ".log").toFile()));
        builder.environment().put("CLAIMS_DB_URL", "jdbc:postgresql://localhost:" + dbPort + "/postgres");
        builder.environment().put("CLAIMS_DB_USER", "amo_app");
        builder.environment().put("CLAIMS_DB_MIGRATION_USER", "postgres");
        builder.environment().put("CLAIMS_HOME", System.getProperty("claims.home",
                System.getenv().getOrDefault("CLAIMS_HOME", ".")));
        Process process = builder.start();
        instances.add(process);
        return process;
    }

    /** Waits until the instance answers its health check (UP). */
    public void awaitUp(Instance instance, Duration timeout) throws Exception {
        await("instance on port " + instance.httpPort() + " up", timeout, () -> instance.alive()
                && health(instance) == 200);
    }

    /** The HTTP status of the instance's health check (200 UP, 503 DOWN), or -1 if it does not answer. */
    public int health(Instance instance) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + instance.httpPort() + "/actuator/health")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // ------------------------------------------------------------------------------------------- the database

    /** {@code pg_ctl stop -m immediate} (PostgreSQL's crash: no checkpoint, recovery from WAL at start) and start. */
    public Duration restartDatabaseImmediately() throws Exception {
        stopDatabase("immediate");
        long start = System.nanoTime();
        startDatabase();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Stops PostgreSQL as {@code pg_ctl stop -m <mode>} does, by signalling the postmaster (pg_ctl itself refuses
     * to run as root, which CI machines often are): SIGQUIT for {@code immediate} (no checkpoint; the next start
     * recovers from the WAL, as after a crash), SIGINT for {@code fast}.
     */
    public void stopDatabase(String mode) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(root.resolve("pg").resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(
                () -> new IllegalStateException("no postmaster " + pid));
        String signal = mode.equals("immediate") ? "QUIT" : "INT";
        // the shell's own kill: no procps package needed on a fresh machine
        Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " " + pid).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + signal + " " + pid + " failed");
        }
        postmaster.onExit().get(60, TimeUnit.SECONDS);
        // close() releases the data folder's lock; its own pg_ctl stop then finds no server and would log an
        // error with a stack trace for what is the expected state here
        ch.qos.logback.classic.Logger zonky = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                EmbeddedPostgres.class);
        ch.qos.logback.classic.Level level = zonky.getLevel();
        zonky.setLevel(ch.qos.logback.classic.Level.OFF);
        try {
            postgres.close();
        } catch (IOException ignored) {
            // nothing left to stop: expected
        } finally {
            zonky.setLevel(level);
        }
    }

    /** Starts PostgreSQL again on the same data folder and port. */
    public void startDatabase() throws IOException {
        postgres = startDatabase(root, dbPort);
    }

    private static EmbeddedPostgres startDatabase(Path root, int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(root.resolve("pg"))
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "80")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("postgres.log").toFile()))
                .start();
    }

    // ------------------------------------------------------------------------------------------- judging

    /** Claims stored. */
    public long claims() {
        return jdbc().queryForObject("select count(*) from claim", Long.class);
    }

    /** Work done so far by the stages, a number that grows while anything progresses. */
    public long progress() {
        return jdbc().queryForObject("""
                select count(*) + count(*) filter (where status <> 'RECEIVED')
                     + count(fhir_mapped_at) + count(flagged_at) from claim""", Long.class);
    }

    /** Claims still waiting for a stage. */
    public long pending() {
        return jdbc().queryForObject("""
                select count(*) from claim c where (status = 'RECEIVED'
                   or (status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and (flagged_at is null or fhir_mapped_at is null)))
                  and %s""".formatted(ma.cnss.claims.shared.StageQuarantine.NOT_QUARANTINED), Long.class);
    }

    /** Files still in the inbox. */
    public long inboxFiles() throws IOException {
        Path inbox = root.resolve("inbox");
        if (!Files.exists(inbox)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(inbox)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** Claim files (*.csv) in the archive and failed folders. */
    public long terminalFiles() throws IOException {
        long total = 0;
        for (String folder : List.of("archive", "failed")) {
            Path path = root.resolve(folder);
            if (Files.exists(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    total += walk.filter(p -> p.toString().endsWith(".csv")).count();
                }
            }
        }
        return total;
    }

    /** Waits until every dropped file is taken and every claim is through the stages. */
    public void awaitDrained(long expectedClaims, Duration timeout) throws Exception {
        await("drained (" + expectedClaims + " claims)", timeout, () -> {
            try {
                return inboxFiles() == 0 && claims() >= expectedClaims && pending() == 0;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public InvariantChecker.Report check() {
        return bean(InvariantChecker.class).check(true);
    }

    /** Lines of an instance's log matching a phrase. */
    public List<String> logLines(String name, String phrase) throws IOException {
        Path log = root.resolve(name + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(phrase)).toList();
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (org.springframework.dao.DataAccessException databaseAway) {
                // the scenario may have stopped the database: look again
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }

    public void stop(Instance instance) throws InterruptedException {
        instance.process().destroy();
        if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
            instance.process().destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        for (Process process : instances) {
            process.destroyForcibly();
        }
        context.close();
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the temporary folder goes with it
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
