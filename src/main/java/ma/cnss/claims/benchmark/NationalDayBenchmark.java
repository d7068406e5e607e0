package ma.cnss.claims.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import ma.cnss.claims.ClaimsApplication;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.generator.SyntheticDataGenerator;
import ma.cnss.claims.platform.EmbeddedDatabase;
import ma.cnss.claims.registry.RegistryExtractLoader;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.settlement.SettlementService;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench [--claims 111200] [--claims-per-file 1000] [--seed 42] [--warmup-claims 111200] [--warmup-days 3]
 * [--http-rps 200] [--http-seconds 60] [--http-warmup-seconds 60] [--out data/bench]}: warms the JVM up on whole
 * days, each on a database of its own (deleted after), generates the
 * day, starts the service on an empty embedded PostgreSQL (synchronous commit on)
 * with its own folders, loads the registry, drops every file in the inbox as clinics would, waits until every claim
 * is decided, encoded and flagged and the day's settlement batches are written, then measures the COPY floor and
 * HTTP latency. {@code --scaling 10000,100000,1000000} runs one child JVM per size and prints the curve.
 */
public final class NationalDayBenchmark {

    private final Map<String, String> options;
    private final Map<String, Object> warmupResult = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NationalDayBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static int run(String[] args) {
        Map<String, String> options = GenerateCommand.parse(args);
        try {
            if (options.containsKey("scaling")) {
                return new NationalDayBenchmark(options).scaling(options.get("scaling"));
            }
            new NationalDayBenchmark(options).once();
            return 0;
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            e.printStackTrace();
            return 1;
        } finally {
            EmbeddedDatabase.stop();
        }
    }

    private int scaling(String sizes) throws Exception {
        List<Map<String, Object>> curve = new ArrayList<>();
        for (String size : sizes.split(",")) {
            Path out = Path.of(options.getOrDefault("out", "data/bench"), "scaling-" + size.trim());
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // -Xmx and the like
            String classPath = System.getProperty("java.class.path");
            if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
                command.addAll(List.of("-jar", classPath)); // the executable jar: its classes are nested
            } else {
                command.addAll(List.of("-cp", classPath, ClaimsApplication.class.getName()));
            }
            command.addAll(List.of("bench", "--claims", size.trim(), "--http-seconds", "0", "--out", out.toString(),
                    "--claims-per-file", options.getOrDefault("claims-per-file", "1000"),
                    "--warmup-claims", options.getOrDefault("warmup-claims", "111200"),
                    "--warmup-days", options.getOrDefault("warmup-days", "3")));
            say("== %s claims (child JVM) ==", size.trim());
            Process child = new ProcessBuilder(command).inheritIO().start();
            if (child.waitFor() != 0) {
                return 1;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = json.readValue(out.resolve("bench-result.json").toFile(), Map.class);
            curve.add(result);
        }
        say("");
        say("Scaling (wall time from first file dropped to the day's payment files written):");
        say("%12s %12s %14s %16s %18s", "claims", "seconds", "claims/s", "s per 100k", "heap after GC, MB");
        for (Map<String, Object> r : curve) {
            double claims = ((Number) r.get("claims")).doubleValue();
            double seconds = ((Number) r.get("wallSeconds")).doubleValue();
            say("%,12.0f %12.1f %,14.0f %16.1f %18s", claims, seconds, claims / seconds, seconds / claims * 100_000,
                    r.get("peakHeapAfterGcMb"));
        }
        json.writeValue(Path.of(options.getOrDefault("out", "data/bench"), "scaling.json").toFile(), curve);
        return 0;
    }

    private void once() throws Exception {
        int claims = Integer.parseInt(options.getOrDefault("claims", "111200"));
        int perFile = Integer.parseInt(options.getOrDefault("claims-per-file", "1000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int rps = Integer.parseInt(options.getOrDefault("http-rps", "200"));
        int httpSeconds = Integer.parseInt(options.getOrDefault("http-seconds", "60"));
        int httpWarmupSeconds = Integer.parseInt(options.getOrDefault("http-warmup-seconds", "60"));
        int warmupClaims = Integer.parseInt(options.getOrDefault("warmup-claims", "111200"));
        Path root = Path.of(options.getOrDefault("out", "data/bench")).toAbsolutePath()
                .resolve("run-" + System.currentTimeMillis());
        LocalDate today = LocalDate.now();
        int warmupDays = Integer.parseInt(options.getOrDefault("warmup-days", "3"));
        if (warmupClaims > 0 && warmupDays > 0) {
            warmUp(root.resolve("warm-up"), warmupDays, warmupClaims, perFile, seed, today);
        }
        say("Generating %,d claims in files of %,d (seed %d) into %s", claims, perFile, seed, root);
        Path generated = generate(root, claims, perFile, seed, today);
        say("Starting the service on an empty embedded PostgreSQL (%s)", root.resolve("pg"));
        ConfigurableApplicationContext context = startService(root);
        try {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            double registrySeconds = loadRegistry(context, generated);
            say("Registry loaded in %.1f s", registrySeconds);

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("claims", claims);
            result.put("claimsPerFile", perFile);
            result.put("warmupClaims", warmupClaims);
            result.putAll(warmupResult);
            result.put("registrySeconds", round(registrySeconds));
            Map<String, Long> rowsBefore = rowsPerTable(jdbc);
            trackStatements(context, true);
            endToEnd(context, jdbc, generated, root.resolve("inbox"), claims, today, result, "End to end");
            result.put("topStatements", trackStatements(context, false));
            copyFloor(context, jdbc, rowsBefore, claims, result);
            if (httpSeconds > 0) {
                maintenanceBeforeHttp(context, result);
                http(context, generated.getParent().resolve("http"), seed, rps, httpWarmupSeconds, httpSeconds, today,
                        result);
            }
            Files.createDirectories(Path.of(options.getOrDefault("out", "data/bench")));
            json.writeValue(Path.of(options.getOrDefault("out", "data/bench"), "bench-result.json").toFile(), result);
            json.writeValue(root.resolve("bench-result.json").toFile(), result);
            say("");
            say(json.writeValueAsString(result));
        } finally {
            context.close();
        }
    }

    /**
     * Warms the JVM up as a service in production is warm: whole days (other seeds) run end to end through a
     * service on a database of its own, which is then stopped and deleted, so the measured day still starts from an
     * empty database. The stages' large methods run once per batch of 1,000 claims, so the JIT compiles them with its
     * optimising compiler only after many batches: after a 20,000-claim warm-up the measured day still spent 14.7 s
     * in compilation (JFR compilation events: 428 to 764 such compilations during the day, the compiler thread busy
     * through its first 20 s, 9.7 of the day's 49 CPU-seconds), after one national day 4.2 s, after two 1.1-1.2 s,
     * after three 0.5-0.6 s. A service in production has run such days for months. {@code --warmup-claims 0}
     * measures the cold JVM.
     */
    private void warmUp(Path root, int days, int claims, int perFile, long seed, LocalDate today) throws Exception {
        List<Double> compilation = new ArrayList<>();
        for (int day = 1; day <= days; day++) {
            long started = System.nanoTime();
            Path dayRoot = root.resolve("day-" + day);
            say("Warming the JVM up, day %d of %d: %,d claims (seed %d) through a service on a database of its own (%s)",
                    day, days, claims, seed + day, dayRoot.resolve("pg"));
            Path generated = generate(dayRoot, claims, perFile, seed + day, today);
            ConfigurableApplicationContext context = startService(dayRoot);
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                loadRegistry(context, generated);
                endToEnd(context, context.getBean(JdbcTemplate.class), generated, dayRoot.resolve("inbox"), claims,
                        today, result, "Warm-up day " + day);
            } finally {
                context.close();
                EmbeddedDatabase.stop();
            }
            compilation.add((Double) result.get("jitCompilationSeconds"));
            try (Stream<Path> files = Files.walk(dayRoot)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
            say("Warm-up day %d done in %.1f s, its database stopped and deleted", day,
                    (System.nanoTime() - started) / 1e9);
        }
        warmupResult.put("warmupDays", days);
        warmupResult.put("warmupJitCompilationSeconds", compilation);
    }

    private static Path generate(Path root, int claims, int perFile, long seed, LocalDate today) throws IOException {
        Path generated = root.resolve("generated");
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, claims, perFile, today, generated, 0.09,
                "B", "csv"), line -> { }).generate();
        return generated;
    }

    /** The service on an empty embedded PostgreSQL in {@code root/pg}, with its own folders under {@code root}. */
    private static ConfigurableApplicationContext startService(Path root) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("claims.embedded-db.data-dir", root.resolve("pg").toString());
        properties.put("claims.embedded-db.track-statements", "true");
        for (String folder : List.of("inbox", "archive", "failed", "outbox", "staging")) {
            properties.put("claims.intake." + folder, root.resolve(folder).toString());
        }
        for (String folder : List.of("inbox", "archive", "failed")) {
            properties.put("claims.registry." + folder, root.resolve("registry-" + folder).toString());
        }
        properties.put("claims.settlement.payments-dir", root.resolve("payments").toString());
        properties.put("claims.settlement.schedule-enabled", "false");
        properties.put("server.port", "0");
        properties.put("management.metrics.distribution.percentiles.http.server.requests", "0.5,0.99");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.ma.cnss", "WARN");
        // one line: how the settlement run's time splits (pricing, seal, payment files)
        properties.put("logging.level.ma.cnss.claims.settlement.SettlementService", "INFO");
        // as command-line arguments: they win over application.yaml (default properties would not)
        return new SpringApplicationBuilder(ClaimsApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    /** Loads the generated registry extracts; returns the seconds it took. */
    private static double loadRegistry(ConfigurableApplicationContext context, Path generated) {
        long registryStart = System.nanoTime();
        RegistryExtractLoader registry = context.getBean(RegistryExtractLoader.class);
        for (String extract : List.of("providers.csv", "members.csv", "ald_recognitions.csv",
                "prior_approvals.csv")) {
            registry.load(generated.resolve("registry").resolve(extract), extract);
        }
        return (System.nanoTime() - registryStart) / 1e9;
    }

    private void endToEnd(ConfigurableApplicationContext context, JdbcTemplate jdbc, Path generated, Path inbox,
            int claims, LocalDate today, Map<String, Object> result, String label) throws Exception {
        HeapWatch heap = new HeapWatch();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long jitStart = jitMillis();
        long machineStart = machineBusyJiffies();
        long start = System.nanoTime();
        java.sql.Timestamp startedAt = jdbc.queryForObject("select now()", java.sql.Timestamp.class);
        // the loop watching the day has a connection of its own: on the service's pool it waited 5.4 s of a 16.6 s
        // day for a connection (JFR), and each one it took was one less for the stages it measures
        var watching = new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                owner(context.getEnvironment().getProperty("claims.embedded-db.active-port")), true);
        try {
            JdbcTemplate watch = new JdbcTemplate(watching);
            watch.queryForObject("select 1", Integer.class); // connected before the day starts
            int dropped = ma.cnss.claims.generator.InboxDrop.dropAll(generated.resolve("claims"), inbox);
            say("Dropped %,d files into %s", dropped, inbox);
            waitForTheStages(watch, claims, start);
        } finally {
            watching.destroy();
        }
        long settleStart = System.nanoTime();
        // the fund's day (Africa/Casablanca), not the machine's: near midnight UTC they differ, and a run for the
        // machine's day would find every claim released after its end and pay nothing
        SettlementService settlement = context.getBean(SettlementService.class);
        SettlementService.RunReport settled = settlement.run(settlement.today(), "bench");
        if (settled.batches().isEmpty()) {
            throw new IllegalStateException("the settlement run of " + settled.settlementDate()
                    + " wrote no payment batch: nothing was measured");
        }
        double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double machineCpu = (machineBusyJiffies() - machineStart) / 100.0;
        double jit = (jitMillis() - jitStart) / 1e3;
        heap.close();
        Map<String, Object> stages = new LinkedHashMap<>();
        for (String[] stage : new String[][] {{"intakeDoneSeconds", "max(received_at)"},
                {"validationDoneSeconds", "max(validated_at)"}, {"fhirDoneSeconds", "max(fhir_mapped_at)"},
                {"flaggingDoneSeconds", "max(flagged_at)"}}) {
            Double seconds = jdbc.queryForObject("select extract(epoch from " + stage[1] + " - ?) from claim",
                    Double.class, startedAt);
            stages.put(stage[0], round(seconds == null ? 0 : seconds));
        }
        stages.put("settlementSeconds", round(settleSeconds));
        result.put("wallSeconds", round(wall));
        result.put("claimsPerSecond", Math.round(claims / wall));
        result.put("stages", stages);
        result.put("batches", settled.batches().size());
        result.put("peakHeapMb", heap.peakUsedMb());
        result.put("peakHeapAfterGcMb", heap.peakAfterGcMb());
        result.put("maxHeapMb", HeapWatch.maxHeapMb());
        result.put("jvmCpuSeconds", round(cpu));
        result.put("machineCpuSeconds", round(machineCpu));
        result.put("jitCompilationSeconds", round(jit));
        result.put("databaseSizeMb", jdbc.queryForObject("select pg_database_size(current_database()) / 1048576",
                Long.class));
        result.put("claimsStored", jdbc.queryForObject("select count(*) from claim", Long.class));
        result.put("linesStored", jdbc.queryForObject("select count(*) from claim_line", Long.class));
        say("%s: %,d claims in %.1f s (%,d claims/s); stages %s; heap at most %d MB in use, %d MB after a "
                + "collection (limit %d MB); JVM CPU %.1f s (JIT compiler threads busy %.1f s), machine CPU %.1f s", label,
                claims, wall, Math.round(claims / wall), stages, heap.peakUsedMb(), heap.peakAfterGcMb(),
                HeapWatch.maxHeapMb(), cpu, jit, machineCpu);
    }

    /** Time the JIT compiler threads have spent compiling so far, in ms (0 where the JVM does not say). */
    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * The database side of the profile (pg_stat_statements, loaded by the benchmark's embedded PostgreSQL):
     * {@code reset} empties it before the run; otherwise the statements that took the most time are printed and
     * returned.
     */
    private List<Map<String, Object>> trackStatements(ConfigurableApplicationContext context, boolean reset) {
        String port = context.getEnvironment().getProperty("claims.embedded-db.active-port");
        if (port == null) {
            return List.of();
        }
        try (Connection owner = owner(port)) {
            JdbcTemplate superuser = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                    owner, true));
            if (reset) {
                superuser.execute("create extension if not exists pg_stat_statements");
                superuser.execute("select pg_stat_statements_reset()");
                return List.of();
            }
            List<Map<String, Object>> top = superuser.queryForList("""
                    select calls, round(total_exec_time)::bigint as ms, rows,
                           left(regexp_replace(query, '\s+', ' ', 'g'), 150) as statement
                    from pg_stat_statements order by total_exec_time desc limit 15""");
            say("Database time by statement (pg_stat_statements, top 15):");
            for (Map<String, Object> row : top) {
                say("  %8d ms %9d calls  %s", ((Number) row.get("ms")).longValue(),
                        ((Number) row.get("calls")).longValue(), row.get("statement"));
            }
            return top;
        } catch (java.sql.SQLException | org.springframework.dao.DataAccessException e) {
            say("(no statement profile: %s)", e.getMessage());
            return List.of();
        }
    }

    /** Rows per table of the public schema, counted exactly (before the day: the registry and reference data). */
    private static Map<String, Long> rowsPerTable(JdbcTemplate jdbc) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("""
                select tablename from pg_tables where schemaname = 'public' and tablename <> 'flyway_schema_history'
                order by tablename""", String.class)) {
            rows.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        return rows;
    }

    /**
     * The physical floor: PostgreSQL COPY of every row the day stored, nothing else. The tables are those whose
     * row count grew during the day (claims, lines, issues, stored FHIR resources, duplicate-care keys, flags,
     * priced and paid lines, transfers...), each copied whole into a bare table of the same columns: no index, no
     * constraint, no trigger. The same rows are then copied into tables with the schema's indexes and constraints
     * (not its triggers): that second figure says how much of the day storing the rows alone costs.
     */
    private void copyFloor(ConfigurableApplicationContext context, JdbcTemplate jdbc, Map<String, Long> rowsBefore,
            int claims, Map<String, Object> result) throws Exception {
        Map<String, Long> rowsAfter = rowsPerTable(jdbc);
        List<String> dayTables = rowsAfter.keySet().stream()
                .filter(t -> rowsAfter.get(t) > rowsBefore.getOrDefault(t, 0L)).toList();
        String port = context.getEnvironment().getProperty("claims.embedded-db.active-port");
        double bare = 0;
        double indexed = 0;
        double earlierRoundsFloor = 0; // claim, claim_line and claim_issue only: the floor before the fifth round
        long bytes = 0;
        Map<String, Object> perTable = new LinkedHashMap<>();
        try (Connection owner = owner(port)) {
            var copy = owner.unwrap(PGConnection.class).getCopyAPI();
            for (String table : dayTables) {
                // through a file, not memory: a million claims are about 3 million lines
                Path rows = Files.createTempFile("bench-floor-" + table, ".copy");
                try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(rows), 1 << 16)) {
                    copy.copyOut("COPY " + table + " TO STDOUT", out);
                }
                bytes += Files.size(rows);
                double bareSeconds = copyInto(owner, rows, table, "");
                double indexedSeconds = copyInto(owner, rows, table,
                        " including defaults including constraints including indexes");
                Files.delete(rows);
                bare += bareSeconds;
                indexed += indexedSeconds;
                if (List.of("claim", "claim_line", "claim_issue").contains(table)) {
                    earlierRoundsFloor += bareSeconds;
                }
                perTable.put(table, Map.of("rows", rowsAfter.get(table) - rowsBefore.getOrDefault(table, 0L),
                        "bareSeconds", round(bareSeconds), "indexedSeconds", round(indexedSeconds)));
            }
        }
        double wall = ((Number) result.get("wallSeconds")).doubleValue();
        result.put("copyFloorSeconds", round(bare));
        result.put("copyFloorMb", bytes / (1024 * 1024));
        result.put("copyFloorClaimsPerSecond", Math.round(claims / bare));
        result.put("shareOfCopyFloorPct", round(100 * bare / wall));
        result.put("copyFloorIndexedSeconds", round(indexed));
        result.put("shareOfIndexedCopyFloorPct", round(100 * indexed / wall));
        result.put("copyFloorClaimLineIssueSeconds", round(earlierRoundsFloor));
        result.put("copyFloorTables", perTable);
        say("COPY floor: every row the day stored, %,d MB in %d tables, in %.2f s (%,d claims/s); the pipeline runs "
                + "at %.1f %% of it", bytes / (1024 * 1024), dayTables.size(), bare, Math.round(claims / bare),
                100 * bare / wall);
        say("  into tables with the schema's indexes and constraints: %.2f s (%.1f %%); the claim, line and issue "
                + "rows alone (the floor before the fifth round): %.2f s (%.1f %%)", indexed, 100 * indexed / wall,
                earlierRoundsFloor, 100 * earlierRoundsFloor / wall);
    }

    /**
     * Before the HTTP run: the vacuum the day's tables are due, then a checkpoint. The national day is a whole
     * day's rows written in half a minute, so autovacuum takes all of them at once when the day is over: sampled
     * once a second ({@code pg_stat_progress_vacuum}), it ran over the day's tables for 17 s, into the first 6 s
     * of the HTTP measurement, and 8 s later 14 backends waited in {@code COMMIT} together; those windows had a
     * p99 of 74-180 ms, the later ones 14-30 ms. In service the same rows arrive over 24 hours and their vacuum
     * is spread with them. The checkpoint also flushes the floor's own writes (as much WAL as the day). Printed
     * and kept in the JSON: its time is not hidden.
     */
    private void maintenanceBeforeHttp(ConfigurableApplicationContext context, Map<String, Object> result)
            throws Exception {
        String port = context.getEnvironment().getProperty("claims.embedded-db.active-port");
        try (Connection owner = owner(port); Statement sql = owner.createStatement()) {
            long start = System.nanoTime();
            sql.execute("vacuum (analyze)");
            double vacuumSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            sql.execute("checkpoint");
            double checkpointSeconds = (System.nanoTime() - start) / 1e9;
            result.put("vacuumBeforeHttpSeconds", round(vacuumSeconds));
            result.put("checkpointBeforeHttpSeconds", round(checkpointSeconds));
            say("Before the HTTP run: the day's vacuum in %.1f s, then a checkpoint in %.1f s (a day's rows vacuumed "
                    + "at once would otherwise run during the measurement)", vacuumSeconds, checkpointSeconds);
        }
    }

    /** A connection as the embedded database's owner (the statistics, the floor's tables, vacuum, checkpoint). */
    private static Connection owner(String port) throws java.sql.SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    /** Seconds to COPY the rows in {@code rows} into a fresh table like {@code table} (with {@code like} options). */
    private static double copyInto(Connection owner, Path rows, String table, String likeOptions) throws Exception {
        var copy = owner.unwrap(PGConnection.class).getCopyAPI();
        try (Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists bench_floor_" + table);
            sql.execute("create table bench_floor_" + table + " (like " + table + likeOptions + ")");
        }
        long start = System.nanoTime();
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(rows), 1 << 16)) {
            copy.copyIn("COPY bench_floor_" + table + " FROM STDIN", in);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Statement sql = owner.createStatement()) {
            sql.execute("drop table bench_floor_" + table);
        }
        return seconds;
    }

    /** Until every claim of the day is stored, decided, encoded and flagged; a progress line every 5 s. */
    private void waitForTheStages(JdbcTemplate jdbc, int claims, long start) throws InterruptedException {
        long lastReport = 0;
        while (true) {
            // cheap on purpose: the submissions' counters, and "is any claim still waiting" through the stages'
            // partial indexes; counts only for the progress line every 5 s (the first version of this loop counted
            // every claim 5 times a second and cost the database 28 s of the run)
            long stored = jdbc.queryForObject("select coalesce(sum(claims_received), 0) from submission "
                    + "where status in ('PROCESSING', 'DONE')", Long.class);
            boolean waiting = Boolean.TRUE.equals(jdbc.queryForObject("""
                    select exists (select 1 from claim where status = 'RECEIVED')
                        or exists (select 1 from claim where fhir_mapped_at is null
                                   and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED'))
                        or exists (select 1 from claim where flagged_at is null
                                   and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED'))""", Boolean.class));
            if (stored == claims && !waiting) {
                break;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                // the two counts in one read of the stages' backlog (two reads cost 14 s of the 1M day's database
                // time, 300 ms a line with 200,000 claims waiting)
                Map<String, Object> progress = jdbc.queryForMap("""
                        select (select count(*) from claim where status = 'RECEIVED') as undecided,
                               count(*) filter (where fhir_mapped_at is null) as unencoded,
                               count(*) filter (where flagged_at is null) as unflagged
                        from claim where (flagged_at is null or fhir_mapped_at is null)
                          and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')""");
                say("  %5.0f s  stored %,d  decided %,d  waiting for FHIR or flags %,d", (System.nanoTime() - start)
                        / 1e9, stored, stored - ((Number) progress.get("undecided")).longValue(),
                        Math.max(((Number) progress.get("unencoded")).longValue(),
                                ((Number) progress.get("unflagged")).longValue()));
                lastReport = System.nanoTime();
            }
            Thread.sleep(100); // the end of the stages is seen within 0.1 s (0.5 s before: up to 2 % of a 30 s day)
        }
    }

    /** Single-claim FHIR submissions at a steady rate; latency from send to the 202. */
    private void http(ConfigurableApplicationContext context, Path out, long seed, int rps, int warmupSeconds,
            int seconds, LocalDate today, Map<String, Object> result) throws Exception {
        // the first warmupSeconds of requests are sent at the same rate and not counted: the national day leaves
        // the request path cold (not compiled yet), and a service in production answers warm (the first 15 s of
        // a cold run had a p99 of 2-3 s with the JIT compiler busy, then 0.1-0.5 s; on a host half as fast, the
        // JIT's compiler threads still took 0.36-0.41 of the two cores through the 60 s measured after 15 s of
        // warm-up, 0.19 after 60 s)
        int warmup = rps * warmupSeconds;
        int count = warmup + rps * seconds;
        say("Generating %,d single-claim FHIR Bundles for the HTTP run", count);
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, count, 1, today, out, 0.0, "H", "fhir",
                seed + 7), line -> { }).generate();
        List<Path> bodies;
        try (Stream<Path> walk = Files.walk(out.resolve("claims"))) {
            bodies = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Map<String, String> keys = new LinkedHashMap<>();
        ApiKeys apiKeys = context.getBean(ApiKeys.class);
        List<byte[]> payloads = new ArrayList<>();
        List<String> keyOf = new ArrayList<>();
        for (Path body : bodies) {
            String inpe = body.getParent().getFileName().toString();
            keyOf.add(keys.computeIfAbsent(inpe, i -> apiKeys.issue(i).key()));
            payloads.add(Files.readAllBytes(body));
        }
        // HTTP/1.1 as clinics' clients speak it: no h2c upgrade attempt on every new connection. Blocking sends
        // from a fixed pool of senders: with asynchronous sends, the client's completions ran on
        // CompletableFuture's thread-per-task fallback (2 cores: common pool parallelism 1), a new thread per
        // response competing with the server for the same two cores (seen in a thread dump of the HTTP phase)
        int senders = 256; // enough that the client never waits for a free sender below a few seconds of latency
        java.util.concurrent.ExecutorService clientThreads = Executors.newFixedThreadPool(senders, runnable -> {
            Thread thread = new Thread(runnable, "bench-http-client");
            thread.setDaemon(true);
            return thread;
        });
        // the client's own work (reading responses, completing sends) on two threads apart from the senders: on
        // the senders' pool, blocked sends left no thread to complete them
        java.util.concurrent.ExecutorService clientInternals = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-http-client-io");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientInternals)
                .connectTimeout(Duration.ofSeconds(5)).build();
        java.util.concurrent.atomic.AtomicLongArray latencies = new java.util.concurrent.atomic.AtomicLongArray(
                payloads.size() - warmup);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        say("HTTP: %d requests/s for %d s against POST /api/v1/submissions, after %d s at the same rate not counted",
                rps, seconds, warmupSeconds);
        long periodNanos = 1_000_000_000L / rps;
        long start = System.nanoTime();
        URI uri = URI.create("http://localhost:" + port + "/api/v1/submissions");
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= payloads.size()) {
                return;
            }
            // latency counted from when the request was due, so a request the client could not send at once
            // still counts its wait (no coordinated omission)
            long due = start + i * periodNanos;
            clientThreads.execute(() -> {
                try {
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + keyOf.get(i))
                            .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payloads.get(i))).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (i >= warmup) {
                        (response.statusCode() == 202 ? accepted : failed).incrementAndGet();
                    }
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.incrementAndGet();
                }
                if (i >= warmup) {
                    latencies.set(i - warmup, System.nanoTime() - due);
                }
                answered.incrementAndGet();
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (answered.get() < payloads.size()) {
            Thread.sleep(200);
        }
        ticker.shutdownNow();
        clientThreads.shutdownNow();
        clientInternals.shutdownNow();
        List<Long> sorted = new ArrayList<>();
        for (int i = 0; i < latencies.length(); i++) {
            sorted.add(latencies.get(i));
        }
        String timeline = latencyTimeline(latencies, rps * 5);
        Collections.sort(sorted);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("requestsPerSecond", rps);
        http.put("seconds", seconds);
        http.put("sent", sorted.size());
        http.put("accepted202", accepted.get());
        http.put("failed", failed.get());
        http.put("p50Ms", round(sorted.get(sorted.size() / 2) / 1e6));
        http.put("p99Ms", round(sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6));
        http.put("maxMs", round(sorted.get(sorted.size() - 1) / 1e6));
        // the same requests as the service timed them (Micrometer's http.server.requests, percentiles enabled by
        // the benchmark): what a clinic waits for once its request reaches the service, without the load
        // generator's own queueing on the same two cores
        io.micrometer.core.instrument.Timer server = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("http.server.requests").tag("uri", "/api/v1/submissions").tag("method", "POST").timer();
        if (server != null) {
            for (io.micrometer.core.instrument.distribution.ValueAtPercentile v : server.takeSnapshot()
                    .percentileValues()) {
                http.put(v.percentile() == 0.5 ? "serverP50Ms" : "serverP99Ms",
                        round(v.value(TimeUnit.MILLISECONDS)));
            }
        }
        http.put("p99MsPer5Seconds", timeline);
        result.put("http", http);
        say("HTTP p99 per 5 s of sending (ms): %s", timeline);
        say("HTTP: %,d sent, %,d answered 202, p50 %.1f ms, p99 %.1f ms, max %.1f ms (client side, from when each "
                + "was due); as the service timed them: p50 %s ms, p99 %s ms", sorted.size(), accepted.get(),
                http.get("p50Ms"), http.get("p99Ms"), http.get("maxMs"), http.get("serverP50Ms"),
                http.get("serverP99Ms"));
    }

    /** p99 of each window of requests, in the order they were due: shows whether slow answers come in bursts. */
    private static String latencyTimeline(java.util.concurrent.atomic.AtomicLongArray latencies, int window) {
        List<String> p99s = new ArrayList<>();
        for (int from = 0; from < latencies.length(); from += window) {
            List<Long> slice = new ArrayList<>();
            for (int i = from; i < Math.min(latencies.length(), from + window); i++) {
                slice.add(latencies.get(i));
            }
            Collections.sort(slice);
            p99s.add(String.valueOf(Math.round(slice.get((int) Math.ceil(slice.size() * 0.99) - 1) / 1e6)));
        }
        return String.join(" ", p99s);
    }

    private static long machineBusyJiffies() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // idle and iowait are not work
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
