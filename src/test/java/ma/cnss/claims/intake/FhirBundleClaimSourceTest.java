package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.support.FhirBundles;
import org.junit.jupiter.api.Test;

class FhirBundleClaimSourceTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static List<ReceivedClaim> read(String json) {
        List<ReceivedClaim> claims = new ArrayList<>();
        try (FhirBundleClaimSource source = new FhirBundleClaimSource(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), FHIR, 100)) {
            ReceivedClaim claim;
            while ((claim = source.next()) != null) {
                claims.add(claim);
            }
        }
        return claims;
    }

    @Test
    void aBundleClaimMapsToTheSameFieldsAsACsvClaim() {
        List<ReceivedClaim> claims = read(FhirBundles.bundleFor("100000007",
                FhirBundles.claimEntry("B-1", "410.00", "210.00")));

        assertThat(claims).singleElement().satisfies(claim -> {
            assertThat(claim.issues()).isEmpty();
            assertThat(claim.claimRef()).isEqualTo("B-1");
            assertThat(claim.regime()).isEqualTo("TADAMON");
            assertThat(claim.insuredId()).isEqualTo("100000007");
            assertThat(claim.beneficiaryRank()).isZero();
            assertThat(claim.providerInpe()).isEqualTo("300000000");
            assertThat(claim.payee()).isEqualTo("INSURED");
            assertThat(claim.careSetting()).isEqualTo("AMBULATORY");
            assertThat(claim.diagnoses()).containsExactly("E11.9");
            assertThat(claim.lines()).extracting(ReceivedClaim.ReceivedLine::lineType)
                    .containsExactly("ACT", "MEDICINE");
            assertThat(claim.statedTotal()).isEqualByComparingTo("410.00");
        });
    }

    @Test
    void aTotalMismatchNamesTheFhirPath() {
        List<ReceivedClaim> claims = read(FhirBundles.bundle(FhirBundles.claimEntry("B-2", "999.00", "210.00")));

        assertThat(claims.get(0).issues()).singleElement().satisfies(issue -> {
            assertThat(issue.reason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
            assertThat(issue.location()).isEqualTo("Bundle.entry[3].resource.total");
        });
    }

    @Test
    void anotherCurrencyThanMadIsRefused() {
        String json = FhirBundles.bundle(FhirBundles.claimEntry("B-3", "410.00", "210.00")).replace("\"MAD\"}],", "\"USD\"}],");
        List<ReceivedClaim> claims = read(json.replace("\"value\": 410.00, \"currency\": \"MAD\"",
                "\"value\": 410.00, \"currency\": \"USD\""));

        assertThat(claims.get(0).issues()).extracting(Issue::location).contains("Bundle.entry[3].resource.total.currency");
    }

    @Test
    void aClaimNotConformingToTheAmoClaimProfileIsRefusedWithEveryViolationByPath() {
        String json = FhirBundles.claimEntry("B-8", "410.00", "210.00")
                .replace("\"priority\": {\"coding\": [{\"code\": \"normal\"}]},", "")
                .replace("\"servicedDate\": \"" + ma.cnss.claims.support.TestRegistry.recentCareDate() + "\",", "");
        List<ReceivedClaim> claims = read(FhirBundles.bundle(json));

        assertThat(claims.get(0).issues()).extracting(Issue::location).contains("Bundle.entry[3].resource.priority",
                "Bundle.entry[3].resource.item[0].serviced[x]", "Bundle.entry[3].resource.item[1].serviced[x]");
        assertThat(claims.get(0).issues()).extracting(Issue::reason).containsOnly(ReasonCode.RESOURCE_INVALID);
        assertThat(claims.get(0).claimRef()).isEqualTo("B-8");
    }

    @Test
    void anUnresolvedReferenceRejectsOnlyThatClaim() {
        String good = FhirBundles.claimEntry("B-4", "410.00", "210.00");
        String bad = FhirBundles.claimEntry("B-5", "410.00", "210.00").replace("Practitioner/dr1", "Practitioner/zz");
        List<ReceivedClaim> claims = read(FhirBundles.bundle(good, bad));

        assertThat(claims.get(0).refused()).isFalse();
        assertThat(claims.get(1).issues()).extracting(Issue::reason).contains(ReasonCode.REFERENCE_UNRESOLVED);
    }

    @Test
    void anInvalidClaimResourceRejectsOnlyItsEntry() {
        String bad = FhirBundles.claimEntry("B-6", "410.00", "210.00").replace("\"use\": \"claim\"", "\"use\": 42");
        List<ReceivedClaim> claims = read(FhirBundles.bundle(FhirBundles.claimEntry("B-7", "410.00", "210.00"), bad));

        assertThat(claims.get(0).refused()).isFalse();
        assertThat(claims.get(1).claimRef()).isEqualTo("B-6");
        assertThat(claims.get(1).issues()).extracting(Issue::reason).containsExactly(ReasonCode.RESOURCE_INVALID);
    }

    @Test
    void notABundleIsRefusedWhole() {
        assertThatThrownBy(() -> read("{\"resourceType\": \"Patient\"}")).isInstanceOfSatisfying(
                ClaimFileRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_BUNDLE);
                    assertThat(e.getMessage()).contains("Patient");
                });
        assertThatThrownBy(() -> read("{\"resourceType\": \"Bundle\", \"type\": \"transaction\"}"))
                .isInstanceOfSatisfying(ClaimFileRefusedException.class,
                        e -> assertThat(e.getMessage()).contains("transaction"));
        assertThatThrownBy(() -> read("not json")).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_JSON));
    }

    @Test
    void jsonNestedTooDeepIsRefusedBeforeAnyObjectIsBuilt() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> read("{\"resourceType\": \"Bundle\", \"x\": " + deep + "}"))
                .isInstanceOfSatisfying(ClaimFileRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_LIMIT_EXCEEDED));
    }

    @Test
    void aHugeStringIsRefused() {
        String huge = "x".repeat(200_000);
        assertThatThrownBy(() -> read("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"id\": \"" + huge + "\"}"))
                .isInstanceOfSatisfying(ClaimFileRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_LIMIT_EXCEEDED));
    }

    @Test
    void tooManyEntriesAreRefusedWhole() {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"resource\": {\"resourceType\": \"Basic\"}}");
        }
        assertThatThrownBy(() -> read("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [" + entries + "]}"))
                .isInstanceOfSatisfying(ClaimFileRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_LIMIT_EXCEEDED));
    }

    @Test
    void theOfficialClaimExampleParsesAsAOneClaimSubmissionRefusedWithEveryProblemNamed() throws Exception {
        try (var input = getClass().getResourceAsStream("/fixtures/fhir/Claim-100150.json")) {
            String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            List<ReceivedClaim> claims = read(json);

            assertThat(claims).singleElement().satisfies(claim -> {
                assertThat(claim.claimRef()).isEqualTo("12345");
                assertThat(claim.refused()).isTrue();
                assertThat(claim.issues()).extracting(Issue::location).allMatch(l -> l.startsWith("Claim"))
                        .contains("Claim.item[0].category", "Claim.item[0].net.currency");
            });
        }
    }

    @Test
    void aBareClaimWithContainedResourcesIsAcceptedAsOneClaim() {
        String bundle = FhirBundles.bundleFor("100000007", FhirBundles.claimEntry("B-9", "410.00", "210.00"));
        // the same claim, its Patient, Coverage and Practitioner contained
        var tree = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            var root = tree.readTree(bundle);
            var claim = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("entry").get(3).path("resource");
            var contained = claim.putArray("contained");
            for (int i = 0; i < 3; i++) {
                contained.add(root.path("entry").get(i).path("resource"));
            }
            claim.putObject("patient").put("reference", "#p1");
            claim.putObject("provider").put("reference", "#dr1");
            ((com.fasterxml.jackson.databind.node.ObjectNode) claim.path("insurance").get(0)).putObject("coverage")
                    .put("reference", "#cov1");
            List<ReceivedClaim> claims = read(tree.writeValueAsString(claim));

            assertThat(claims).singleElement().satisfies(c -> {
                assertThat(c.issues()).isEmpty();
                assertThat(c.insuredId()).isEqualTo("100000007");
                assertThat(c.providerInpe()).isEqualTo("300000000");
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theOfficialTransactionExampleIsRefusedCleanly() throws Exception {
        try (var input = getClass().getResourceAsStream("/fixtures/fhir/Bundle-bundle-transaction.json")) {
            String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                    e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_BUNDLE));
        }
    }
}
