package ma.cnss.claims.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import ma.cnss.claims.generator.SyntheticDataGenerator;
import ma.cnss.claims.registry.RegistryExtractLoader;

/** A generated day through the service: its registry extracts loaded, then its claim files dropped. */
public final class GeneratedDays {

    private GeneratedDays() {
    }

    /**
     * Generates {@code claims} claims (a share {@code broken} of them broken on purpose) with references starting with
     * {@code prefix}, loads the day's registry (every row accepted), and drops the files into {@code inbox}, named
     * {@code filePrefix} + the generated name. Returns the generator's folder (expected-outcomes.csv).
     */
    public static Path generateAndDrop(RegistryExtractLoader registry, Path inbox, long seed, int claims,
            int claimsPerFile, double broken, String prefix, String filePrefix) throws IOException {
        Path out = Files.createTempDirectory("generated-day");
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, claims, claimsPerFile, LocalDate.now(),
                out, broken, prefix, "csv"), line -> { }).generate();
        for (String extract : List.of("providers.csv", "members.csv", "ald_recognitions.csv", "prior_approvals.csv")) {
            RegistryExtractLoader.ExtractResult result = registry.load(out.resolve("registry").resolve(extract), extract);
            assertThat(result.rejected()).as(extract).isZero();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out.resolve("claims"))) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path file : files) {
            IntegrationTest.drop(inbox.resolve(file.getParent().getFileName().toString()),
                    filePrefix + file.getFileName(), Files.readAllBytes(file));
        }
        return out;
    }
}
