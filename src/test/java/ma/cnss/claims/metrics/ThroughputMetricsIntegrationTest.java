package ma.cnss.claims.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.settlement.SettlementService;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import ma.cnss.claims.support.Scrape;
import ma.cnss.claims.support.StaffHttp;
import ma.cnss.claims.support.TestRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The exported figures are the database's, the daily statistics agree, and a real Prometheus reads them. */
class ThroughputMetricsIntegrationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    SettlementService settlement;

    @Autowired
    PipelineMetrics metrics;

    /** A small day: clean, flagged, refused at intake and at validation, by HTTP and by file drop; then settled. */
    private void aRun() throws Exception {
        String submitter = String.valueOf(690_000_000 + (int) (System.nanoTime() % 1_000_000));
        ClaimCsv http = ClaimCsv.file();
        for (int i = 0; i < 6; i++) {
            http.row(ReviewFixtures.consultationRows("TM-H" + i + "-" + System.nanoTime() % 100000,
                    i % 3 == 0 ? "E11.9" : "J06.9"));
        }
        http.row("TM-BAD-" + System.nanoTime() % 100000 + ",TADAMON,999999999,0," + TestRegistry.BIRTH_DATE + ","
                + TestRegistry.GP + ",PRIVATE,AMBULATORY,,,,J06.9,INSURED,200.00,1,ACT,C,1,"
                + TestRegistry.recentCareDate() + ",200.00");
        http.row("TM-TOT-" + System.nanoTime() % 100000 + ",TADAMON," + TestRegistry.nextMember() + ",0,"
                + TestRegistry.BIRTH_DATE + "," + TestRegistry.GP + ",PRIVATE,AMBULATORY,,,,J06.9,INSURED,999.00,1,ACT,"
                + "C,1," + TestRegistry.recentCareDate() + ",200.00");
        ReviewFixtures.submitAndFlag(port, jdbc, apiKeys.issue(submitter).key(), http);
        ClaimCsv file = ClaimCsv.file();
        for (int i = 0; i < 4; i++) {
            file.row(ReviewFixtures.consultationRows("TM-F" + i + "-" + System.nanoTime() % 100000, "J06.9"));
        }
        drop(DATA.resolve("inbox").resolve(submitter), "tm-" + System.nanoTime() + ".csv", file.bytes());
        await("the dropped file processed", Duration.ofSeconds(60), () -> jdbc.queryForObject("""
                select count(*) from claim where status = 'RECEIVED'
                   or (status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and flagged_at is null)""", Long.class) == 0
                && jdbc.queryForObject("select count(*) from claim where claim_ref like 'TM-F%'", Long.class) > 0);
        settlement.run(LocalDate.now().plusDays(200 + (int) (System.nanoTime() % 100)), "test");
        metrics.invalidate();
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void afterARunEveryCounterEqualsItsDatabaseCountAndTheDailyStatisticsAgree() throws Exception {
        aRun();
        Scrape scrape = Scrape.of(port);

        assertThat(scrape.sum("amo_claims_received_total")).isEqualTo(count("select count(*) from claim"));
        assertThat(scrape.sum("amo_claims_received_total", "regime=\"TADAMON\"", "channel=\"HTTP\"")).isEqualTo(count(
                "select count(*) from claim c join submission s on s.id = c.submission_id where c.regime = 'TADAMON' "
                        + "and s.channel = 'HTTP'"));
        assertThat(scrape.sum("amo_claims_accepted_total")).isEqualTo(count(
                "select count(*) from claim where status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')"));
        assertThat(scrape.sum("amo_claims_rejected_total")).isEqualTo(count(
                "select count(*) from claim where status = 'REJECTED'"));
        assertThat(scrape.sum("amo_claims_rejected_total", "reason=\"BENEF_UNKNOWN\"")).isEqualTo(count("""
                select count(*) from claim c where c.status = 'REJECTED' and (select i.reason_code from claim_issue i
                where i.claim_id = c.id order by i.id limit 1) = 'BENEF_UNKNOWN'"""));
        assertThat(scrape.sum("amo_submissions_total")).isEqualTo(count(
                "select count(*) from submission where status in ('DONE', 'FAILED')"));
        assertThat(scrape.sum("amo_claims_flagged_total", "flag=\"POTENTIAL_ALD\"")).isEqualTo(count(
                "select count(*) from claim_flag where flag = 'POTENTIAL_ALD'"));
        assertThat(scrape.sum("amo_review_decisions_total")).isEqualTo(count("select count(*) from review_decision"));
        assertThat(BigDecimal.valueOf(scrape.sum("amo_settled_amount_mad_total")).setScale(2,
                java.math.RoundingMode.HALF_UP)).isEqualByComparingTo(jdbc.queryForObject(
                        "select coalesce(sum(amount), 0) from payment_line", BigDecimal.class));
        assertThat(scrape.sum("amo_settled_lines_total")).isEqualTo(count("select count(*) from payment_line"));
        assertThat(scrape.sum("amo_payment_batches_total")).isEqualTo(count("select count(*) from payment_batch"));
        assertThat(scrape.sum("amo_backlog_claims", "stage=\"review\"")).isEqualTo(count(
                "select count(*) from claim where review_state in ('PENDING', 'INCOMPLETE', 'AWAITING_CONFIRMATION')"));
        assertThat(scrape.sum("amo_database_up")).isEqualTo(1.0);

        // the daily statistics API, over every day, agrees with the counters
        String adjuster = new StaffHttp(port).signIn(StaffHttp.newUser(accounts, "stats", "ADJUSTER"));
        HttpResponse<String> daily = new StaffHttp(port).get("/api/v1/stats/daily?from=" + LocalDate.now().minusYears(5) + "&to="
                + LocalDate.now().plusDays(1), adjuster);
        assertThat(daily.statusCode()).as(daily.body()).isEqualTo(200);
        long deposited = 0;
        long accepted = 0;
        long rejected = 0;
        long flaggedClaims = 0;
        for (JsonNode row : new ObjectMapper().readTree(daily.body()).path("items")) {
            deposited += row.path("deposited").asLong();
            accepted += row.path("accepted").asLong();
            rejected += row.path("rejected").asLong();
            flaggedClaims += row.path("flagged").asLong();
        }
        assertThat(deposited).isEqualTo((long) scrape.sum("amo_claims_received_total"));
        assertThat(accepted).isEqualTo((long) scrape.sum("amo_claims_accepted_total"));
        assertThat(rejected).isEqualTo((long) scrape.sum("amo_claims_rejected_total"));
        assertThat(flaggedClaims).isEqualTo(count("select count(distinct claim_id) from claim_flag"));
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/v1/stats/daily?from=" + LocalDate.now().minusYears(5) + "&to=" + LocalDate.now().plusDays(1)))
                .header("Authorization", "Bearer " + adjuster).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).startsWith("day,regime,deposited,accepted,rejected,flagged,settled,amountPaidMad");
        assertThat(csv.body().split("\r\n")).hasSize(new ObjectMapper().readTree(daily.body()).path("items").size() + 1);

        // the main job's summary, over the day's submissions, shows the day's statistics
        List<Long> todays = jdbc.queryForList("""
                select distinct c.submission_id from claim c
                where (c.received_at at time zone 'Africa/Casablanca')::date = ?""", Long.class,
                java.sql.Date.valueOf(LocalDate.now(java.time.ZoneId.of("Africa/Casablanca"))));
        PipelineSummary.Figures summary = summaries.forSubmissions(todays);
        long todayDeposited = 0;
        long todayRejected = 0;
        long todayAccepted = 0;
        HttpResponse<String> today = new StaffHttp(port).get("/api/v1/stats/daily?from="
                + LocalDate.now(java.time.ZoneId.of("Africa/Casablanca")) + "&to="
                + LocalDate.now(java.time.ZoneId.of("Africa/Casablanca")), adjuster);
        for (JsonNode row : new ObjectMapper().readTree(today.body()).path("items")) {
            todayDeposited += row.path("deposited").asLong();
            todayAccepted += row.path("accepted").asLong();
            todayRejected += row.path("rejected").asLong();
        }
        assertThat(todayDeposited).isEqualTo(summary.claimsReceived());
        assertThat(todayAccepted).isEqualTo(summary.claimsAccepted() + summary.claimsPartiallyAccepted());
        assertThat(todayRejected).isEqualTo(summary.claimsRejected());
    }

    @Autowired
    PipelineSummary summaries;

    @Test
    void aRealPrometheusScrapesTheServiceAndAnswersASettlementMetric() throws Exception {
        Path prometheus = MonitoringIntegrationTest.tool("prometheus");
        aRun();
        Path folder = Files.createTempDirectory("prometheus-it");
        Files.writeString(folder.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: amo-claims
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["localhost:%d"]
                """.formatted(port));
        int webPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            webPort = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + folder.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
        try {
            BigDecimal inDatabase = jdbc.queryForObject("select coalesce(sum(amount), 0) from payment_line",
                    BigDecimal.class);
            String query = URLEncoder.encode("sum(amo_settled_amount_mad_total{job=\"amo-claims\"})",
                    StandardCharsets.UTF_8);
            BigDecimal[] answered = new BigDecimal[1];
            await("Prometheus answers the settled amount", Duration.ofSeconds(90), () -> {
                try {
                    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + webPort + "/api/v1/query?query=" + query)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode result = new ObjectMapper().readTree(response.body()).path("data").path("result");
                    if (result.isEmpty()) {
                        return false;
                    }
                    answered[0] = new BigDecimal(result.get(0).path("value").get(1).asText());
                    return answered[0].setScale(2, java.math.RoundingMode.HALF_UP).compareTo(inDatabase) == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(answered[0].setScale(2, java.math.RoundingMode.HALF_UP)).isEqualByComparingTo(inDatabase);
            assertThat(inDatabase.signum()).isPositive();
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

}
