package ma.cnss.claims.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.Scrape;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/** monitoring/ is checked: alert rules by promtool, and every metric the rules and the dashboard name is exported. */
class MonitoringIntegrationTest extends IntegrationTest {

    static final Path RULES = Path.of("monitoring/prometheus/rules/claims.rules.yml");
    static final Path DASHBOARD = Path.of("monitoring/grafana/amo-claims-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:amo|hikaricp)_[a-z0-9_]+)");

    @LocalServerPort
    int port;

    /** Prometheus's own tools: skipped without them on a developer machine, required in CI. */
    static Path tool(String name) {
        Path path = Path.of("/usr/bin", name);
        boolean present = Files.isExecutable(path);
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI needs Debian's prometheus package (" + name + "); .ci/run installs it");
        }
        Assumptions.assumeTrue(present, name + " not installed");
        return path;
    }

    private static Set<String> metricsIn(String text) {
        Set<String> named = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            named.add(matcher.group(1));
        }
        return named;
    }

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        Process check = new ProcessBuilder(tool("promtool").toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyMetricNamedInTheAlertRulesIsInARealScrape() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
        Set<String> named = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                named.addAll(metricsIn(String.valueOf(rule.get("expr"))));
            }
        }
        Scrape scrape = Scrape.of(port);

        assertThat(named).contains("amo_submissions_total", "amo_claims_rejected_total", "amo_backlog_claims",
                "amo_settlement_last_completed_timestamp_seconds", "amo_reconciliation_differences", "amo_database_up");
        assertThat(named).allSatisfy(name -> assertThat(scrape.hasMetric(name)).as(name).isTrue());
    }

    @Test
    void everyQueryOfTheGrafanaDashboardUsesAnExportedMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> named = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                named.addAll(metricsIn(target.path("expr").asText()));
                queries++;
            }
        }
        Scrape scrape = Scrape.of(port);

        assertThat(queries).isGreaterThan(10);
        assertThat(named).contains("amo_claims_received_total", "amo_settled_claims_total",
                "amo_settled_amount_mad_total", "amo_backlog_claims", "amo_claims_rejected_total",
                "amo_stage_batch_duration_seconds_bucket");
        assertThat(named).allSatisfy(name -> assertThat(scrape.hasMetric(name)).as(name).isTrue());
    }

    @Test
    void noMetricLabelCarriesAClaimOrPatientIdentifier() throws Exception {
        String scrape = Scrape.of(port).text();
        // identifiers in this system are long digit runs (INPE, immatriculation, claim ids) or claim refs
        assertThat(scrape.lines().filter(l -> !l.startsWith("#")).map(l -> l.contains("{") ? l.substring(
                l.indexOf('{'), l.indexOf('}') + 1) : "")).allSatisfy(labels ->
                assertThat(labels).doesNotContainPattern("\"[0-9]{6,}\"").doesNotContain("pat-"));
    }
}
