package ma.cnss.claims.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R15 and R16: hostile and oversized input is refused within 2 s with a clear error, the heap does not grow with
 * the attack, nothing is fetched from the network or read outside the data folders, and nothing is written
 * outside them.
 */
class HostileInputIntegrationTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    StaffAccounts staff;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${claims.intake.inbox}")
    String inbox;

    @Value("${claims.intake.failed}")
    String failed;

    private HttpResponse<String> post(String key, String contentType, HttpRequest.BodyPublisher body)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/submissions")).header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Time from the POST until the submission is refused (413 at once, or FAILED in its receipt). */
    private long refusedWithinMillis(String key, String contentType, byte[] body, String reason) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post(key, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
        if (response.statusCode() == 413) {
            return (System.nanoTime() - start) / 1_000_000;
        }
        assertThat(response.statusCode()).isEqualTo(202);
        long id = JSON.readTree(response.body()).path("submissionId").asLong();
        await("submission " + id + " refused", Duration.ofSeconds(30), () -> "FAILED".equals(jdbc.queryForObject(
                "select status from submission where id = ?", String.class, id)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode receipt = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/v1/submissions/" + id + "/receipt"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(receipt.path("fileErrors").get(0).path("reason").asText()).isEqualTo(reason);
        assertThat(receipt.path("fileErrors").get(0).path("message").asText()).isNotBlank();
        assertThat(jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, id)).isZero();
        return millis;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void jsonNested10000DeepIsRefusedWithin2Seconds() throws Exception {
        String key = apiKeys.issue("461000001").key();
        String deep = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"x\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}";
        assertThat(refusedWithinMillis(key, "application/fhir+json", deep.getBytes(), "FILE_LIMIT_EXCEEDED"))
                .isLessThan(LIMIT.toMillis());
    }

    @Test
    void aBundleOf100000EntriesIsRefusedWholeWithin2Seconds() throws Exception {
        String key = apiKeys.issue("461000002").key();
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
        for (int i = 0; i < 100_000; i++) {
            bundle.append(i == 0 ? "" : ",").append("{}");
        }
        bundle.append("]}");
        assertThat(refusedWithinMillis(key, "application/fhir+json", bundle.toString().getBytes(),
                "FILE_LIMIT_EXCEEDED")).isLessThan(LIMIT.toMillis());
    }

    @Test
    void a100MegabyteStringIsRefusedWithin2SecondsWithoutGrowingTheHeap() throws Exception {
        String key = apiKeys.issue("461000003").key();
        long heapBefore = usedHeapAfterGc();
        long size = 100L * 1024 * 1024;
        long start = System.nanoTime();
        int status;
        try {
            // streamed, with no declared length: the server has to stop reading at its limit by itself
            status = post(key, "application/fhir+json", HttpRequest.BodyPublishers.ofInputStream(
                    () -> new HugeJsonString(size))).statusCode();
        } catch (IOException refusedMidStream) {
            status = 413; // the server answered and closed while the client was still sending
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(status).isEqualTo(413);
        assertThat(millis).isLessThan(LIMIT.toMillis());
        assertThat(usedHeapAfterGc() - heapBefore).isLessThan(64L * 1024 * 1024);
        assertThat(jdbc.queryForObject("select count(*) from submission where submitter_inpe = '461000003'",
                Long.class)).isZero();
    }

    @Test
    void aBankStatusReportWithAnExternalEntityIsRefusedAndFetchesNothing() throws Exception {
        staff.save("hostile-officer", "hostile-officer-password-1", java.util.List.of("SETTLEMENT_OFFICER"));
        String token = staff.signIn("hostile-officer", "hostile-officer-password-1").token();
        try (ServerSocket canary = new ServerSocket(0)) {
            AtomicInteger hits = new AtomicInteger();
            Thread listener = new Thread(() -> {
                try {
                    while (true) {
                        canary.accept().close();
                        hits.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            listener.setDaemon(true);
            listener.start();
            String xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"http://127.0.0.1:"
                    + canary.getLocalPort() + "/x\"><!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                    + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\">&e;&lol2;</Document>";
            long start = System.nanoTime();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/api/v1/settlements/bank-status"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(300);

            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(response.body()).isNotBlank();
            assertThat(millis).isLessThan(LIMIT.toMillis());
            assertThat(hits.get()).as("connections to the canary").isZero();
        }
    }

    @Test
    void fileNamesWithPathsNulAndExcessiveLengthAreOnlyShownAndNothingIsWrittenOutsideTheDataFolders()
            throws Exception {
        String key = apiKeys.issue("461000005").key();
        Path data = Path.of(inbox).getParent();
        Path outside = data.getParent();
        java.util.Set<Path> outsideBefore = filesOutside(outside, data);
        for (String name : new String[] {"../../x.csv", "/etc/passwd", "a%00b.csv", "é".repeat(600) + ".csv",
                "..\\..\\windows.csv"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/api/v1/submissions")).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "text/csv").header("X-File-Name", name)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ClaimCsv.file().validClaim("HN-" + name.length()
                            + "-" + name.hashCode()).bytes())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isIn(202, 400);
        }
        // by file drop: a 250-character name, and a symbolic link pointing outside the inbox
        Path folder = Path.of(inbox).resolve("461000005");
        Files.createDirectories(folder);
        String longName = "n".repeat(246) + ".csv";
        Path part = folder.resolve("long.part");
        Files.write(part, ClaimCsv.file().validClaim("HN-LONG").bytes());
        Files.move(part, folder.resolve(longName));
        Path secret = Files.createTempFile(outside, "canary-secret", ".csv");
        Files.write(secret, ClaimCsv.file().validClaim("HN-SECRET").bytes());
        Files.createSymbolicLink(folder.resolve("link.csv"), secret);

        await("both dropped files taken", Duration.ofSeconds(30), () -> !Files.exists(folder.resolve(longName),
                java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(folder.resolve("link.csv"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertThat(jdbc.queryForObject("select count(*) from claim where claim_ref = 'HN-SECRET'", Long.class))
                .as("a file outside the inbox is never read").isZero();
        assertThat(jdbc.queryForObject("select count(*) from claim where claim_ref = 'HN-LONG'", Long.class))
                .isEqualTo(1);
        assertThat(hasFileEndingWith(Path.of(failed).resolve("461000005"), "link.csv.reason.txt")).isTrue();
        assertThat(Files.readString(secret)).contains("HN-SECRET"); // untouched
        Files.delete(secret);
        java.util.Set<Path> written = filesOutside(outside, data);
        written.removeAll(outsideBefore);
        assertThat(written).as("files written outside the data folders").isEmpty();
    }

    /**
     * Regular files under {@code root} (the folder of this test run that holds the data folder), outside the data
     * folder itself.
     */
    private static java.util.Set<Path> filesOutside(Path root, Path except) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return walk.filter(p -> !p.startsWith(except)).filter(Files::isRegularFile)
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /** {"x":"aaaa..."} of a given size, made on the fly. */
    private static final class HugeJsonString extends InputStream {
        private final long size;
        private long sent;

        HugeJsonString(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (sent >= size) {
                return -1;
            }
            long i = sent++;
            return i < 6 ? "{\"x\":\"".charAt((int) i) : i == size - 2 ? '"' : i == size - 1 ? '}' : 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - sent);
            for (int k = 0; k < n; k++) {
                buffer[offset + k] = (byte) read();
            }
            return n;
        }
    }
}
