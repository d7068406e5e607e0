package ma.cnss.claims.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/** The alert rules in monitoring/ only use metrics the service really exports. */
class MonitoringRulesIntegrationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @SuppressWarnings("unchecked")
    @Test
    void everyMetricNamedInTheAlertRulesIsInARealScrape() throws IOException, InterruptedException {
        Map<String, Object> rules = new Yaml().load(Files.readString(
                Path.of("monitoring/prometheus/rules/claims.rules.yml")));
        Set<String> named = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:amo|hikaricp)_[a-z_]+)");
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Matcher matcher = metric.matcher(String.valueOf(rule.get("expr")));
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(named).contains("amo_submissions_total", "amo_intake_claims_rejected_total");
        assertThat(named).allSatisfy(name -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{"));
    }
}
