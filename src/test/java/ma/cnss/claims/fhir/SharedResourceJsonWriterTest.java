package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Random;
import org.hl7.fhir.r4.model.Coverage;
import org.junit.jupiter.api.Test;

/**
 * The Patient, Coverage and Practitioner/Organization stored with accepted claims are written by
 * {@link SharedResourceJsonWriter}, not by HAPI's encoder: each must be exactly what HAPI writes for
 * {@link ClaimToFhirMapper}'s resource, whatever the registry holds.
 */
class SharedResourceJsonWriterTest {

    private static final IParser HAPI = FhirContext.forR4Cached().newJsonParser();
    private static final ClaimToFhirMapper MAPPER = new ClaimToFhirMapper();

    @Test
    void theHandWrittenSharedResourcesAreByteForByteWhatHapiWritesForRandomClaims() {
        Random random = new Random(20261124);
        for (int i = 0; i < 5_000; i++) {
            ClaimToFhirMapper.AcceptedClaim claim = ClaimJsonWriterTest.randomClaim(random, i);
            String ice = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> ClaimJsonWriterTest.awkward(random);
                default -> "00" + (100_000_000_000_00L + random.nextInt(1_000_000));
            };
            ClaimToFhirMapper.Mapped hapi = MAPPER.map(claim, ice);
            assertThat(SharedResourceJsonWriter.patient(claim)).as("patient %d", i)
                    .isEqualTo(HAPI.encodeResourceToString(hapi.patient()));
            assertThat(SharedResourceJsonWriter.coverage(claim)).as("coverage %d", i)
                    .isEqualTo(HAPI.encodeResourceToString(hapi.coverage()));
            assertThat(SharedResourceJsonWriter.provider(claim, ice)).as("provider %d", i)
                    .isEqualTo(HAPI.encodeResourceToString(hapi.provider()));
        }
    }

    @Test
    void eachSharedKeyOfAClaimIsWrittenAsTheResourceItNames() {
        ClaimToFhirMapper.AcceptedClaim claim = ClaimJsonWriterTest.randomClaim(new Random(3), 1);
        ClaimToFhirMapper.sharedFingerprints(claim, "001234567000089").keySet().forEach(key -> {
            String body = SharedResourceJsonWriter.write(key, claim, "001234567000089");
            var resource = HAPI.parseResource(body);
            assertThat(resource.fhirType() + "/" + resource.getIdElement().getIdPart()).isEqualTo(key);
        });
        Coverage coverage = HAPI.parseResource(Coverage.class, SharedResourceJsonWriter.coverage(claim));
        assertThat(coverage.getBeneficiary().getReference())
                .isEqualTo("Patient/" + ClaimToFhirMapper.patientId(claim.insuredId(), claim.rank()));
    }
}
