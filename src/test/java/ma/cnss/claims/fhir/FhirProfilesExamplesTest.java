package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in fhir-profiles/examples: valid ones have no error for HAPI's validator with the project's
 * profiles, invalid ones fail with the expected location (file *.expected), and the fast checks agree.
 */
class FhirProfilesExamplesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static ProfileValidator oracle;
    private static final AmoClaimProfileCheck FAST = new AmoClaimProfileCheck();

    @BeforeAll
    static void loadProfiles() {
        oracle = new ProfileValidator(FHIR, AmoTerminology.load(FHIR, Path.of("fhir-profiles")));
    }

    static Stream<Path> valid() throws IOException {
        return examples("valid");
    }

    static Stream<Path> invalid() throws IOException {
        return examples("invalid");
    }

    private static Stream<Path> examples(String folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("fhir-profiles/examples", folder))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    private static Resource read(Path file) throws IOException {
        return (Resource) FHIR.newJsonParser().parseResource(Files.readString(file));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void aValidExamplePassesHapiAndTheFastChecks(Path file) throws IOException {
        Resource resource = read(file);

        assertThat(oracle.errors(resource, ProfileValidator.profileFor(resource.fhirType()))).isEmpty();
        if (resource instanceof Claim claim) {
            assertThat(FAST.check(claim)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void anInvalidExampleFailsWithTheExpectedLocationInHapiAndTheFastChecks(Path file) throws IOException {
        Resource resource = read(file);
        String expected = Files.readString(Path.of(file.toString().replace(".json", ".expected"))).trim();

        assertThat(oracle.errors(resource, ProfileValidator.profileFor(resource.fhirType()))).isNotEmpty()
                .anySatisfy(error -> assertThat(error).contains(expected));
        if (resource instanceof Claim claim) {
            assertThat(FAST.check(claim)).isNotEmpty()
                    .anySatisfy(violation -> assertThat(violation.path()).startsWith(expected));
        }
    }

    @org.junit.jupiter.api.Test
    void theMappersClaimPatientAndCoverageConformToTheProfiles() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 3);
        ClaimToFhirMapper.Mapped mapped = new ClaimToFhirMapper().map(new ClaimToFhirMapper.AcceptedClaim(5,
                "300000026", "M-5", "TADAMON", "100000021", 2, "CHILD", java.time.LocalDate.of(2012, 1, 1),
                java.time.LocalDate.of(2022, 12, 1), null, "300000026", true, "PRIVATE", true, day.minusDays(2), day,
                "PEC-5", List.of("J45.0"), "PROVIDER", day, List.of(new ClaimToFhirMapper.AcceptedLine(1, "DAY_RATE",
                        "MEDICAL_WARD", 2, day.minusDays(2), new java.math.BigDecimal("1700.00")))));

        assertThat(oracle.errors(mapped.claim(), ProfileValidator.CLAIM_PROFILE)).isEmpty();
        assertThat(oracle.errors(mapped.patient(), ProfileValidator.PATIENT_PROFILE)).isEmpty();
        assertThat(oracle.errors(mapped.coverage(), ProfileValidator.COVERAGE_PROFILE)).isEmpty();
        assertThat(FAST.check(mapped.claim())).isEmpty();
    }
}
