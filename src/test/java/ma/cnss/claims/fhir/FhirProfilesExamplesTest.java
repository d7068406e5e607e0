package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Claim;
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

    private static Claim read(Path file) throws IOException {
        return FHIR.newJsonParser().parseResource(Claim.class, Files.readString(file));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void aValidExamplePassesHapiAndTheFastChecks(Path file) throws IOException {
        Claim claim = read(file);

        assertThat(oracle.errors(claim, ProfileValidator.CLAIM_PROFILE)).isEmpty();
        assertThat(FAST.check(claim)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void anInvalidExampleFailsWithTheExpectedLocationInHapiAndTheFastChecks(Path file) throws IOException {
        Claim claim = read(file);
        String expected = Files.readString(Path.of(file.toString().replace(".json", ".expected"))).trim();

        assertThat(oracle.errors(claim, ProfileValidator.CLAIM_PROFILE)).isNotEmpty()
                .anySatisfy(error -> assertThat(error).contains(expected));
        assertThat(FAST.check(claim)).isNotEmpty()
                .anySatisfy(violation -> assertThat(violation.path()).startsWith(expected));
    }
}
