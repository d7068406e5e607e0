package ma.cnss.claims.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.TestRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coverage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class FhirReadApiIntegrationTest extends IntegrationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> get(String key, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long submitAndEncode(String key, byte[] csv) throws Exception {
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/submissions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        long id = new ObjectMapper().readTree(posted.body()).path("submissionId").asLong();
        await("claims encoded as FHIR", Duration.ofSeconds(60), () -> jdbc.queryForObject("""
                select count(*) = 0 and exists (select 1 from claim where submission_id = ?)
                from claim where submission_id = ? and (status = 'RECEIVED'
                  or (status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and fhir_mapped_at is null))""",
                Boolean.class, id, id));
        return id;
    }

    @Test
    void anAcceptedClaimIsReadableAsFhirByItsClinicAndNotByAnother() throws Exception {
        String key = apiKeys.issue("611111111").key();
        String other = apiKeys.issue("622222222").key();
        long submission = submitAndEncode(key, ClaimCsv.file().validClaim("FR-1").bytes());
        long claimId = jdbc.queryForObject("select id from claim where submission_id = ?", Long.class, submission);

        HttpResponse<String> read = get(key, "/fhir/Claim/claim-" + claimId);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        Claim claim = FHIR.newJsonParser().parseResource(Claim.class, read.body());
        assertThat(claim.getIdentifierFirstRep().getValue()).isEqualTo("FR-1");
        assertThat(claim.getItem()).hasSize(2);
        assertThat(claim.getTotal().getValue()).isEqualByComparingTo("410.00");
        assertThat(claim.getTotal().getCurrency()).isEqualTo("MAD");
        assertThat(claim.getDiagnosisFirstRep().getDiagnosisCodeableConcept().getCodingFirstRep().getSystem())
                .isEqualTo("http://hl7.org/fhir/sid/icd-10");

        String patient = claim.getPatient().getReference();
        Coverage coverage = FHIR.newJsonParser().parseResource(Coverage.class,
                get(key, "/fhir/" + claim.getInsuranceFirstRep().getCoverage().getReference()).body());
        assertThat(coverage.getClass_FirstRep().getValue()).isEqualTo("TADAMON");
        assertThat(get(key, "/fhir/" + patient).statusCode()).isEqualTo(200);

        Bundle search = FHIR.newJsonParser().parseResource(Bundle.class,
                get(key, "/fhir/Claim?patient=" + patient + "&_lastUpdated=ge2020-01-01").body());
        assertThat(search.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("claim-" + claimId);

        HttpResponse<String> stranger = get(other, "/fhir/Claim/claim-" + claimId);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).contains("OperationOutcome");
        assertThat(get(other, "/fhir/" + patient).statusCode()).isEqualTo(404);
        assertThat(FHIR.newJsonParser().parseResource(Bundle.class,
                get(other, "/fhir/Claim?patient=" + patient).body()).getEntry()).isEmpty();
    }

    @Test
    void aRegistryExtractThatChangesAMembersRightsReachesItsCoverageWithItsNextClaim() throws Exception {
        String key = apiKeys.issue("644444444").key();
        String header = "insured_id,beneficiary_rank,regime,relationship,birth_date,sex,rights_from,rights_to,rib\n";
        drop(DATA.resolve("registry-inbox"), "members-rights-1.csv", (header
                + "500000020,0,TADAMON,SELF,1980-05-17,F,2022-12-01,,\n").getBytes(StandardCharsets.UTF_8));
        await("first extract", Duration.ofSeconds(60),
                () -> hasFileEndingWith(DATA.resolve("registry-archive"), "members-rights-1.csv"));
        submitAndEncode(key, claimOf("500000020", "RIGHTS-1", TestRegistry.recentCareDate()));
        String coverage = "/fhir/Coverage/cov-500000020-0";
        assertThat(FHIR.newJsonParser().parseResource(Coverage.class, get(key, coverage).body()).getPeriod()
                .hasEnd()).isFalse();

        drop(DATA.resolve("registry-inbox"), "members-rights-2.csv", (header
                + "500000020,0,TADAMON,SELF,1980-05-17,F,2022-12-01,2099-12-31,\n").getBytes(StandardCharsets.UTF_8));
        await("second extract", Duration.ofSeconds(60),
                () -> hasFileEndingWith(DATA.resolve("registry-archive"), "members-rights-2.csv"));
        submitAndEncode(key, claimOf("500000020", "RIGHTS-2", TestRegistry.recentCareDate().minusDays(1)));

        assertThat(FHIR.newJsonParser().parseResource(Coverage.class, get(key, coverage).body()).getPeriod()
                .getEndElement().getValueAsString()).isEqualTo("2099-12-31");
    }

    /** A one-line GP consultation of {@code insured} on {@code date}. */
    private static byte[] claimOf(String insured, String ref, java.time.LocalDate date) {
        return ClaimCsv.file().row(ref + ",TADAMON," + insured + ",0,1980-05-17," + TestRegistry.GP
                + ",PRIVATE,AMBULATORY,,,,E11.9,INSURED,200.00,1,ACT,C,1," + date + ",200.00").bytes();
    }

    @Test
    void errorsAreOperationOutcomesAndOnlyMetadataIsAnonymous() throws Exception {
        String key = apiKeys.issue("633333333").key();

        HttpResponse<String> metadata = get(null, "/fhir/metadata");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("CapabilityStatement").contains("4.0.1");
        HttpResponse<String> anonymous = get(null, "/fhir/Claim/claim-1");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("OperationOutcome");
        HttpResponse<String> badParameter = get(key, "/fhir/Claim?status=active");
        assertThat(badParameter.statusCode()).isEqualTo(400);
        assertThat(badParameter.body()).contains("OperationOutcome").contains("status");
        assertThat(get(key, "/fhir/Observation/1").statusCode()).isEqualTo(404);
        assertThat(get(key, "/fhir/Claim?_lastUpdated=yesterday").statusCode()).isEqualTo(400);
    }
}
