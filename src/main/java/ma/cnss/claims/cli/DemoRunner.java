package ma.cnss.claims.cli;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ma.cnss.claims.generator.SyntheticDataGenerator;
import ma.cnss.claims.metrics.PipelineSummary;
import ma.cnss.claims.registry.RegistryExtractLoader;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.settlement.Reconciliation;
import ma.cnss.claims.settlement.SettlementService;
import ma.cnss.claims.shared.Checksums;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The main job ({@code amo-claims demo}): generates a registry and a few thousand claims, drops them in the inboxes
 * as a clinic would, waits until every file has gone through the stages that exist, and prints a summary read from
 * the database. The service keeps running afterwards.
 */
@Component
@ConditionalOnProperty("claims.demo.enabled")
public class DemoRunner implements ApplicationRunner {

    private final PipelineSummary summary;
    private final ApiKeys apiKeys;
    private final SettlementService settlement;
    private final Reconciliation reconciliation;
    private final ma.cnss.claims.metrics.DailyStatistics dailyStatistics;
    private final ma.cnss.claims.security.StaffAccounts staffAccounts;
    private final RegistryExtractLoader registry;
    private final ObjectMapper json = new ObjectMapper();
    private long claimSeed;
    private final JdbcTemplate jdbc;
    private final ApplicationContext context;
    private final Path home;
    private final Path inbox;
    private final Path registryInbox;
    private final int claims;
    private final int claimsPerFile;
    private final String dbPort;
    private final String dbUrl;

    public DemoRunner(PipelineSummary summary, ApiKeys apiKeys,
            ma.cnss.claims.security.StaffAccounts staffAccounts, SettlementService settlement,
            Reconciliation reconciliation, ma.cnss.claims.metrics.DailyStatistics dailyStatistics,
            RegistryExtractLoader registry, JdbcTemplate jdbc, ApplicationContext context,
            @Value("${claims.home}") String home, @Value("${claims.intake.inbox}") String inbox,
            @Value("${claims.registry.inbox}") String registryInbox,
            @Value("${claims.demo.claims:3000}") int claims,
            @Value("${claims.demo.claims-per-file:250}") int claimsPerFile,
            @Value("${claims.embedded-db.active-port:}") String dbPort,
            @Value("${spring.datasource.url}") String dbUrl) {
        this.summary = summary;
        this.apiKeys = apiKeys;
        this.staffAccounts = staffAccounts;
        this.settlement = settlement;
        this.reconciliation = reconciliation;
        this.dailyStatistics = dailyStatistics;
        this.registry = registry;
        this.jdbc = jdbc;
        this.context = context;
        this.home = Path.of(home).toAbsolutePath().normalize();
        this.inbox = Path.of(inbox).toAbsolutePath().normalize();
        this.registryInbox = Path.of(registryInbox).toAbsolutePath().normalize();
        this.claims = claims;
        this.claimsPerFile = claimsPerFile;
        this.dbPort = dbPort;
        this.dbUrl = dbUrl;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String runId = Long.toString(System.currentTimeMillis() / 1000, 36).toUpperCase();
        Path out = home.resolve("data/demo/run-" + runId);
        say("1/6 Generating a sample: %,d claims in files of %,d, with a registry (registry seed 42, run %s)",
                claims, claimsPerFile, runId);
        // the registry is always seed 42; the claims are new at every run, so a second demo on the same day is not
        // refused as duplicates of the first one's care
        claimSeed = System.currentTimeMillis();
        SyntheticDataGenerator.Summary generated = new SyntheticDataGenerator(new SyntheticDataGenerator.Options(42,
                claims, claimsPerFile, LocalDate.now(), out, 0.09, "D" + runId, "csv", claimSeed), this::say)
                .generate();
        say("    %,d members, %,d providers, %,d claims (%,d lines) in %,d files, %,d deliberately broken",
                generated.members(), generated.providers(), generated.claims(), generated.lines(), generated.files(),
                generated.broken());

        say("2/6 Loading the registry extracts through the registry inbox (%s)", registryInbox);
        List<Path> extracts = List.of("providers.csv", "members.csv", "ald_recognitions.csv", "prior_approvals.csv")
                .stream().map(name -> out.resolve("registry").resolve(name)).toList();
        List<Path> droppedExtracts = new ArrayList<>();
        for (Path extract : extracts) {
            String name = extract.getFileName().toString().replace(".csv", "-" + runId + ".csv");
            droppedExtracts.add(drop(extract, registryInbox.resolve(name)));
        }
        waitUntilGone(droppedExtracts, "registry extracts");
        jdbc.query("select kind, rows_applied, rows_rejected from registry_extract order by id desc limit 4",
                rs -> {
                    say("    %-17s %,8d rows applied, %,d rejected", rs.getString(1), rs.getInt(2), rs.getInt(3));
                });

        say("3/6 Dropping the claim files in the inbox as the clinics would (%s/<INPE>/)", inbox);
        List<Path> dropped = new ArrayList<>();
        List<String> checksums = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out.resolve("claims"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                checksums.add(Checksums.sha256(file));
                String submitter = file.getParent().getFileName().toString();
                dropped.add(drop(file, inbox.resolve(submitter).resolve(runId + "-" + file.getFileName())));
            }
        }
        long started = System.nanoTime();
        waitUntilGone(dropped, "claim files");
        List<Long> ids = new ArrayList<>(jdbc.queryForList("select id from submission where checksum_sha256 = any(?)",
                Long.class, (Object) checksums.toArray(String[]::new)));
        waitUntilFinished(ids);
        double seconds = (System.nanoTime() - started) / 1e9;

        int port = context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : 8080;
        ids.addAll(submitOverHttp(runId, out, port));
        waitUntilFinished(ids);

        PipelineSummary.Figures figures = summary.forSubmissions(ids);
        say("5/6 Summary (read from PostgreSQL), %,d files in %.1f s by file drop, plus the HTTP file:",
                figures.files(), seconds);
        say("    files received            %,10d   (refused whole: %,d)", figures.files(), figures.filesRefused());
        say("    claims received           %,10d   %s", figures.claimsReceived(), figures.receivedByRegime());
        say("    claims accepted           %,10d", figures.claimsAccepted());
        say("    claims partially accepted %,10d   (some lines refused, the rest go on)",
                figures.claimsPartiallyAccepted());
        say("    claims rejected           %,10d", figures.claimsRejected());
        say("    claims still pending      %,10d", figures.claimsPending());
        say("    claims with a refused claim or line, by reason:");
        for (Map.Entry<String, Long> reason : figures.rejectedByReason().entrySet()) {
            say("        %-24s %,8d", reason.getKey(), reason.getValue());
        }
        say("    amount billed (stated)    %s MAD; on accepted lines %s MAD", figures.amountReceived().toPlainString(),
                figures.amountAccepted().toPlainString());
        say("    flags on accepted claims (chronic and costly cases, for review): %s", figures.flagged());
        say("    review of accepted claims: %s", figures.byReviewState());
        say("        (NOT_REQUIRED: no flag, released to settlement; PENDING: waiting in the adjusters' queue)");
        LocalDate today = settlement.today();
        say("6/6 Settlement of %s (normally due at claims.settlement.daily-at; run now for the demo):", today);
        boolean settledBefore = "DONE".equals(settlement.report(today, 0).status());
        SettlementService.RunReport run = settlement.run(today, "demo");
        if (settledBefore) {
            say("    this day was already settled by an earlier run: today's new claims wait for tomorrow's batches");
        }
        // claims are priced as they are released (route 45-settlement-pricing); the run prices what is left
        say("    claims priced by the run itself %,d (the others as they were released); paid lines waiting for a "
                + "RIB %,d", run.claimsPriced(), run.linesWaitingForRib());
        for (Map<String, Object> batch : run.batches()) {
            say("    batch %-16s %-8s %,7d transfers  %14s MAD  %s", batch.get("msgId"), batch.get("payeeKind"),
                    batch.get("nbOfTxs"), ((java.math.BigDecimal) batch.get("ctrlSum")).toPlainString(),
                    batch.get("file") == null ? "(file pending)" : "data/payments/" + batch.get("file"));
        }
        say("    daily statistics of %s, every submission of the day (GET /api/v1/stats/daily, view daily_statistics):",
                today);
        for (Map<String, Object> row : dailyStatistics.between(today, today)) {
            say("        %-8s deposited %,7d accepted %,7d rejected %,6d flagged %,6d settled %,7d paid %14s MAD",
                    row.get("regime"), row.get("deposited"), row.get("accepted"), row.get("rejected"),
                    row.get("flagged"), row.get("settled"), row.get("amountPaidMad"));
        }
        Reconciliation.Report reconciled = reconciliation.run();
        say("    reconciliation of claims, ledger and payment files: %d difference(s) over %,d batches, %,d paid lines",
                reconciled.differences().size(), reconciled.batchesChecked(), reconciled.linesChecked());
        say("    Stages: intake (file drop and HTTP, CSV and FHIR, receipts), registry extracts, validation, FHIR "
                + "encoding (/fhir: Claim, ClaimResponse, ExplanationOfBenefit), flagging, review queue and console, "
                + "settlement (pricing, pain.001 batches, ledger, reconciliation).");
        say("");
        List<String[]> staff = demoStaff();
        say("The service is running:");
        say("    health   http://localhost:%d/actuator/health", port);
        say("    metrics  http://localhost:%d/actuator/prometheus", port);
        say("    API      POST http://localhost:%d/api/v1/submissions (Authorization: Bearer <clinic key>)", port);
        say("    inbox    %s/<INPE>/*.csv|*.json   (write as .part, then rename); receipts in the outbox", inbox);
        say("    console  http://localhost:%d/console   (adjusters' review; demo accounts, passwords new at each run:)",
                port);
        for (String[] account : staff) {
            say("             %-22s %-12s password %s", account[0], account[1], account[2]);
        }
        say("    database %s", dbPort.isEmpty() ? dbUrl.replaceAll("password=[^&]*", "password=***")
                : "embedded PostgreSQL on 127.0.0.1:" + dbPort + " (database postgres; the service runs as "
                        + "amo_app, migrations as postgres)");
        say("Stop it with Ctrl-C.");
    }

    /** Demo staff accounts (created or reset with fresh random passwords): two supervisors for four eyes. */
    private List<String[]> demoStaff() {
        List<String[]> staff = new ArrayList<>();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (String[] account : List.of(new String[] {"demo.adjoint", "ADJUSTER"},
                new String[] {"demo.superviseur1", "SUPERVISOR"}, new String[] {"demo.superviseur2", "SUPERVISOR"},
                new String[] {"demo.auditeur", "AUDITOR"})) {
            byte[] secret = new byte[12];
            random.nextBytes(secret);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            staffAccounts.save(account[0], password, List.of(account[1]));
            staff.add(new String[] {account[0], account[1], password});
        }
        return staff;
    }

    /** A FHIR Bundle of 200 claims posted to the HTTP API with a freshly issued clinic key, as a clinic system would. */
    private List<Long> submitOverHttp(String runId, Path out, int port) throws Exception {
        // other claims (another claim seed) against the same registry (seed 42), as FHIR Bundles of 200 claims
        Path fhirOut = out.resolve("fhir");
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(42, claims, 200, LocalDate.now(), fhirOut, 0.09,
                "F" + runId, "fhir", claimSeed + 1), this::say).generate();
        registry.load(fhirOut.resolve("registry/prior_approvals.csv"), "prior_approvals-" + runId + "-fhir.csv");
        Path bundle;
        try (Stream<Path> files = Files.walk(fhirOut.resolve("claims"))) {
            bundle = files.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        String submitter = bundle.getParent().getFileName().toString();
        String key = apiKeys.issue(submitter).key();
        say("4/6 Posting %s (FHIR Bundle, 200 claims) to POST /api/v1/submissions as clinic %s (key issued "
                + "with: issue-key --inpe %s)", bundle.getFileName(), submitter, submitter);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/submissions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/fhir+json").header("Idempotency-Key", "demo-" + runId)
                .POST(HttpRequest.BodyPublishers.ofFile(bundle)).build(), HttpResponse.BodyHandlers.ofString());
        say("    %d %s", accepted.statusCode(), accepted.body());
        long id = json.readTree(accepted.body()).path("submissionId").asLong();
        String status = "";
        for (int i = 0; i < 1200 && !status.equals("DONE") && !status.equals("FAILED"); i++) {
            Thread.sleep(100);
            status = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/submissions/" + id)).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("status").asText();
        }
        say("    submission %d: %s; receipt at GET /api/v1/submissions/%d/receipt (JSON, or a Bundle of "
                + "ClaimResponse with Accept: application/fhir+json)", id, status, id);
        return List.of(id);
    }

    /** Copies then renames, the completion rule clinics follow, so the consumer never sees half a file. */
    private static Path drop(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private void waitUntilGone(List<Path> files, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        long lastReport = 0;
        while (true) {
            long left = files.stream().filter(Files::exists).count();
            if (left == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left + " " + what + " still waiting after 30 minutes");
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                say("    %d of %d %s processed...", files.size() - left, files.size(), what);
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    /** Waits until validation has decided every claim of these submissions (status DONE or FAILED). */
    private void waitUntilFinished(List<Long> ids) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (true) {
            Long open = jdbc.queryForObject("select count(*) from submission where id = any(?) and status not in "
                    + "('DONE', 'FAILED')", Long.class, (Object) ids.toArray(Long[]::new))
                    + jdbc.queryForObject("select count(*) from claim where submission_id = any(?) and status in "
                    + "('ACCEPTED', 'PARTIALLY_ACCEPTED') and flagged_at is null", Long.class,
                    (Object) ids.toArray(Long[]::new));
            if (open == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(open + " submissions still open after 30 minutes");
            }
            Thread.sleep(100);
        }
    }

    private void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

}
