package ma.cnss.claims.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.FhirBundles;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class SubmissionApiIntegrationTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ma.cnss.claims.shared.CrashPoints crashPoints;

    private HttpResponse<String> post(String key, String contentType, byte[] body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/submissions"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /**
     * A client per request: the server closes a connection after refusing a body it did not read (413, 415), as
     * servers do, and a pooled client would otherwise reuse the closed connection.
     */
    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String key, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private JsonNode doneReceipt(String key, long id) throws Exception {
        await("submission " + id + " processed", Duration.ofSeconds(60), () -> {
            try {
                String status = JSON.readTree(get(key, "/api/v1/submissions/" + id, null).body()).path("status").asText();
                return status.equals("DONE") || status.equals("FAILED");
            } catch (Exception e) {
                return false;
            }
        });
        return JSON.readTree(get(key, "/api/v1/submissions/" + id + "/receipt", null).body());
    }

    @Test
    void aCsvFilePostedGets202AndAReceiptWhoseCountsEqualTheDatabase() throws Exception {
        String key = apiKeys.issue("411111111").key();
        byte[] csv = ClaimCsv.file().validClaim("H1-1").validClaim("H1-2")
                .row("H1-3,TADAMON,100000007,0,1980-05-17,300000000,PRIVATE,AMBULATORY,,,,E11.9,INSURED,999.00,1,ACT,C,"
                        + "1,2026-11-02,200.00").bytes();

        HttpResponse<String> response = post(key, "text/csv", csv, null);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(response.body());
        long id = accepted.path("submissionId").asLong();
        assertThat(accepted.path("receiptUrl").asText()).isEqualTo("/api/v1/submissions/" + id + "/receipt");
        JsonNode receipt = doneReceipt(key, id);
        assertThat(receipt.path("status").asText()).isEqualTo("DONE");
        assertThat(receipt.path("counts").path("received").asLong()).isEqualTo(3).isEqualTo(
                jdbc.queryForObject("select count(*) from claim where submission_id = ?", Long.class, id));
        assertThat(receipt.path("counts").path("rejected").asLong()).isEqualTo(1).isEqualTo(
                jdbc.queryForObject("select count(*) from claim where submission_id = ? and status = 'REJECTED'",
                        Long.class, id));
        JsonNode refused = receipt.path("claims").get(2);
        assertThat(refused.path("claimRef").asText()).isEqualTo("H1-3");
        assertThat(refused.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("issues").get(0).path("reason").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(refused.path("issues").get(0).path("message").asText()).contains("Ligne 6");
    }

    @Test
    void aFhirBundlePostedIsStoredAndItsReceiptIsAlsoABundleOfClaimResponse() throws Exception {
        String key = apiKeys.issue("422222222").key();
        String bundle = FhirBundles.bundle(FhirBundles.claimEntry("HF-1", "410.00", "210.00"),
                FhirBundles.claimEntry("HF-2", "500.00", "210.00"));

        HttpResponse<String> response = post(key, "application/fhir+json", bundle.getBytes(StandardCharsets.UTF_8),
                null);
        long id = JSON.readTree(response.body()).path("submissionId").asLong();
        JsonNode receipt = doneReceipt(key, id);

        assertThat(receipt.path("counts").path("accepted").asLong()).isEqualTo(1);
        assertThat(receipt.path("counts").path("rejected").asLong()).isEqualTo(1);
        HttpResponse<String> fhir = get(key, "/api/v1/submissions/" + id + "/receipt", "application/fhir+json");
        assertThat(fhir.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode responses = JSON.readTree(fhir.body());
        assertThat(responses.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(responses.path("entry")).hasSize(2);
        assertThat(responses.path("entry").get(0).path("resource").path("outcome").asText()).isEqualTo("complete");
        JsonNode rejected = responses.path("entry").get(1).path("resource");
        assertThat(rejected.path("outcome").asText()).isEqualTo("error");
        assertThat(rejected.path("error").get(0).path("code").path("coding").get(0).path("code").asText())
                .isEqualTo("TOTAL_MISMATCH");
    }

    @Test
    void withoutAKeyTheApiAnswers401AndAnotherClinicsReceiptIs404() throws Exception {
        String mine = apiKeys.issue("433333333").key();
        String other = apiKeys.issue("433333334").key();
        long id = JSON.readTree(post(mine, "text/csv", ClaimCsv.file().validClaim("H3-1").bytes(), null).body())
                .path("submissionId").asLong();

        assertThat(post(null, "text/csv", ClaimCsv.file().validClaim("H3-2").bytes(), null).statusCode())
                .isEqualTo(401);
        assertThat(post("amo_000000000000_" + "x".repeat(43), "text/csv", ClaimCsv.file().bytes(), null)
                .statusCode()).isEqualTo(401);
        assertThat(get(null, "/api/v1/submissions/" + id, null).statusCode()).isEqualTo(401);
        assertThat(get(other, "/api/v1/submissions/" + id, null).statusCode()).isEqualTo(404);
        assertThat(get(other, "/api/v1/submissions/" + id + "/receipt", null).statusCode()).isEqualTo(404);
        assertThat(get(mine, "/api/v1/submissions/" + id, null).statusCode()).isEqualTo(200);
        assertThat(get(null, "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() throws Exception {
        ApiKeys.IssuedKey issued = apiKeys.issue("444444444");
        assertThat(apiKeys.revoke(issued.id())).isEqualTo(1);

        assertThat(post(issued.key(), "text/csv", ClaimCsv.file().validClaim("H4-1").bytes(), null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theSameIdempotencyKeyTenTimesAtOnceMakesOneSubmissionAndADifferentBodyGets422() throws Exception {
        String key = apiKeys.issue("455555555").key();
        byte[] csv = ClaimCsv.file().validClaim("H5-1").validClaim("H5-2").bytes();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Callable<HttpResponse<String>> call = () -> post(key, "text/csv", csv, "retry-1");
            answers.add(pool.submit(call));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(202);
            ids.add(JSON.readTree(response.body()).path("submissionId").asLong());
        }
        pool.shutdown();

        assertThat(ids).containsOnly(ids.get(0));
        doneReceipt(key, ids.get(0));
        assertThat(jdbc.queryForObject("select count(*) from submission where submitter_inpe = '455555555'",
                Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from claim where submitter_inpe = '455555555'",
                Long.class)).isEqualTo(2);
        HttpResponse<String> conflict = post(key, "text/csv", ClaimCsv.file().validClaim("H5-9").bytes(), "retry-1");
        assertThat(conflict.statusCode()).isEqualTo(422);
        assertThat(conflict.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void theSameFilePostedAgainWithoutKeyReturnsTheOriginalSubmission() throws Exception {
        String key = apiKeys.issue("466666666").key();
        byte[] csv = ClaimCsv.file().validClaim("H6-1").bytes();
        long first = JSON.readTree(post(key, "text/csv", csv, null).body()).path("submissionId").asLong();
        doneReceipt(key, first);

        JsonNode again = JSON.readTree(post(key, "text/csv", csv, null).body());

        assertThat(again.path("submissionId").asLong()).isEqualTo(first);
        assertThat(again.path("alreadyReceived").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from claim where submitter_inpe = '466666666'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void fhirXmlArchivesAndOtherTypesGet415WithAClearMessage() throws Exception {
        String key = apiKeys.issue("477777777").key();

        HttpResponse<String> xml = post(key, "application/fhir+xml", "<Bundle/>".getBytes(), null);
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("FHIR XML");
        HttpResponse<String> zip = post(key, "text/csv", new byte[] {'P', 'K', 3, 4, 0, 0}, null);
        assertThat(zip.statusCode()).isEqualTo(415);
        assertThat(zip.body()).contains("archives");
        assertThat(post(key, "application/zip", new byte[] {1}, null).statusCode()).isEqualTo(415);
        assertThat(post(key, "text/plain", new byte[] {1}, null).statusCode()).isEqualTo(415);
    }

    @Test
    void aFileNameIsOnlyShownNeverUsedAsAPath() throws Exception {
        String key = apiKeys.issue("412121212").key();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/submissions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
                .header("X-File-Name", "../../../etc/cron.d/evil.csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ClaimCsv.file().validClaim("H12-1").bytes())).build();

        long id = JSON.readTree(send(request).body()).path("submissionId").asLong();
        JsonNode receipt = doneReceipt(key, id);

        assertThat(receipt.path("fileName").asText()).isEqualTo("evil.csv");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/cron.d/evil.csv"))).isFalse();
    }

    @Test
    void anOversizedUploadGets413AndNothingIsStored() throws Exception {
        String key = apiKeys.issue("488888888").key();
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');

        HttpResponse<String> response = post(key, "text/csv", big, null);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(jdbc.queryForObject("select count(*) from submission where submitter_inpe = '488888888'",
                Long.class)).isZero();
    }

    @Test
    void anUnreadableBodyIsRefusedWholeWithItsReasonInTheReceipt() throws Exception {
        String key = apiKeys.issue("499999999").key();
        String deep = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"x\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}";

        long id = JSON.readTree(post(key, "application/fhir+json", deep.getBytes(), null).body())
                .path("submissionId").asLong();
        JsonNode receipt = doneReceipt(key, id);

        assertThat(receipt.path("status").asText()).isEqualTo("FAILED");
        assertThat(receipt.path("fileErrors").get(0).path("reason").asText()).isEqualTo("FILE_LIMIT_EXCEEDED");
        assertThat(receipt.path("claims")).isEmpty();
        JsonNode outcome = JSON.readTree(get(key, "/api/v1/submissions/" + id + "/receipt", "application/fhir+json")
                .body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("details").path("coding").get(0).path("code").asText())
                .isEqualTo("FILE_LIMIT_EXCEEDED");
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).contains("profondeur");
    }

    @Test
    void aSmallBodyIsStagedInPostgresqlWithItsSubmissionAndALargeOneOnDiskAndBothAreStoredWhole() throws Exception {
        String key = apiKeys.issue("477777777").key();
        List<String> seenAtCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
        crashPoints.hook(step -> {
            if (step.equals("intake.http-staged")) {
                // right after the registering commit, before the 202: where is the body?
                Long id = jdbc.queryForObject("select max(id) from submission where submitter_inpe = '477777777'",
                        Long.class);
                boolean inDatabase = jdbc.queryForObject(
                        "select count(*) from staged_body where submission_id = ?", Long.class, id) == 1;
                String path = jdbc.queryForObject("select staged_path from submission where id = ?", String.class, id);
                boolean onDisk = path != null && java.nio.file.Files.exists(java.nio.file.Path.of(path));
                seenAtCommit.add(inDatabase ? "database" : onDisk ? "disk" : "already stored");
            }
        });
        try {
            ClaimCsv small = ClaimCsv.file().validClaim("SB-1").validClaim("SB-2");
            ClaimCsv large = ClaimCsv.file();
            for (int i = 0; i < 2_500; i++) { // refused claims (total mismatch): no care left for other tests
                large.row("LB-" + i + ",TADAMON,100000007,0,1980-05-17,300000000,PRIVATE,AMBULATORY,,,,E11.9,INSURED,"
                        + "999.00,1,ACT,C,1,2026-11-02,200.00");
            }
            assertThat(large.bytes().length).isGreaterThan(256 * 1024);

            long smallId = JSON.readTree(post(key, "text/csv", small.bytes(), null).body()).path("submissionId")
                    .asLong();
            long largeId = JSON.readTree(post(key, "text/csv", large.bytes(), null).body()).path("submissionId")
                    .asLong();

            assertThat(seenAtCommit).hasSize(2);
            assertThat(seenAtCommit.get(0)).isIn("database", "already stored");
            assertThat(seenAtCommit.get(1)).isIn("disk", "already stored");
            assertThat(doneReceipt(key, smallId).path("counts").path("received").asLong()).isEqualTo(2);
            assertThat(doneReceipt(key, largeId).path("counts").path("received").asLong()).isEqualTo(2_500);
            assertThat(jdbc.queryForObject("select count(*) from staged_body where submission_id in (?, ?)",
                    Long.class, smallId, largeId)).isZero();
        } finally {
            crashPoints.hook(null);
        }
    }
}
