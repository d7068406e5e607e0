package ma.cnss.claims.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of /actuator/prometheus, as Prometheus reads it: series name{labels} to value. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([^ ]+)$");

    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        Matcher matcher = SAMPLE.matcher(text);
        while (matcher.find()) {
            samples.put(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)),
                    Double.parseDouble(matcher.group(3)));
        }
    }

    public static Scrape of(int port) throws Exception {
        return new Scrape(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    public String text() {
        return text;
    }

    public boolean hasMetric(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    /** Sum of every series of a metric whose labels contain all of {@code labels} (e.g. regime="TNS"). */
    public double sum(String name, String... labels) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> {
                    for (String label : labels) {
                        if (!e.getKey().contains(label)) {
                            return false;
                        }
                    }
                    return true;
                }).mapToDouble(Map.Entry::getValue).sum();
    }
}
