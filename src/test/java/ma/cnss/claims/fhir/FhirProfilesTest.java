package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.shared.Regime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirProfilesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final AmoTerminology terminology = AmoTerminology.load(FHIR, Path.of("fhir-profiles"));

    @Test
    void everyResourceInTheFolderIsValidFhirR4WithTheProjectCanonicalBase() throws IOException {
        try (var files = Files.list(Path.of("fhir-profiles"))) {
            long json = files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("package.json")).count();
            assertThat(terminology.size()).isEqualTo(json).isPositive();
        }
    }

    @Test
    void theRejectionReasonCodeSystemListsExactlyTheCodesThePipelineUses() {
        assertThat(terminology.codes(AmoTerminology.REJECTION_REASON_SYSTEM))
                .containsExactlyElementsOf(Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
        assertThat(terminology.display(AmoTerminology.REJECTION_REASON_SYSTEM, "TOTAL_MISMATCH"))
                .isEqualTo("Total incohérent");
    }

    @Test
    void theRegimeCodeSystemListsExactlyTheRegimes() {
        assertThat(terminology.codes(AmoTerminology.REGIME_SYSTEM))
                .containsExactlyElementsOf(Arrays.stream(Regime.values()).map(Enum::name).toList());
    }

    @Test
    void aMalformedResourceStopsTheLoadingNamingTheFile(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("CodeSystem-broken.json"), "{\"resourceType\":\"CodeSystem\",\"status\":7,");

        assertThatThrownBy(() -> AmoTerminology.load(FHIR, folder)).hasMessageContaining("CodeSystem-broken.json");
    }
}
