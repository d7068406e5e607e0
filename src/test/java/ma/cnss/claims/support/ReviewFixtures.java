package ma.cnss.claims.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.JdbcTemplate;

/** Claims submitted over HTTP and waited for until flagged, for the review tests. */
public final class ReviewFixtures {

    private ReviewFixtures() {
    }

    /** A GP consultation alone, 200.00, diabetes diagnosis without recognition: flagged POTENTIAL_ALD. */
    public static String consultationRows(String ref, String diagnosis) {
        String insured = TestRegistry.nextMember();
        return ref + ",TADAMON," + insured + ",0," + TestRegistry.BIRTH_DATE + "," + TestRegistry.GP
                + ",PRIVATE,AMBULATORY,,,," + diagnosis + ",INSURED,200.00,1,ACT,C,1," + TestRegistry.recentCareDate()
                + ",200.00";
    }

    /** Posts a CSV file as the clinic with this key; waits until its claims are validated and flagged. */
    public static List<Long> submitAndFlag(int port, JdbcTemplate jdbc, String key, ClaimCsv csv) throws Exception {
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/submissions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv.bytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new AssertionError(posted.statusCode() + " " + posted.body());
        }
        long submission = new ObjectMapper().readTree(posted.body()).path("submissionId").asLong();
        waitFor("claims of submission " + submission + " flagged", () -> jdbc.queryForObject("""
                select count(*) = 0 and exists (select 1 from claim where submission_id = ?)
                from claim where submission_id = ? and (status = 'RECEIVED'
                  or (status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and (flagged_at is null or fhir_mapped_at is null)))""",
                Boolean.class, submission, submission));
        return jdbc.queryForList("select id from claim where submission_id = ? order by id", Long.class, submission);
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
