package ma.cnss.claims.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ma.cnss.claims.intake.CsvClaimFileReader;
import ma.cnss.claims.intake.ClaimFieldsParser;
import ma.cnss.claims.intake.ClaimRow;
import ma.cnss.claims.intake.Issue;
import ma.cnss.claims.intake.ReceivedClaim;
import ma.cnss.claims.shared.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataGeneratorTest {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 20);

    private static SyntheticDataGenerator.Summary generate(long seed, int claims, Path out) {
        return new SyntheticDataGenerator(new SyntheticDataGenerator.Options(seed, claims, 400, AS_OF, out, 0.09, "R", "csv"),
                line -> { }).generate();
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void theSameSeedWritesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        generate(7, 2_000, first);
        generate(7, 2_000, second);

        Map<String, byte[]> a = contents(first);
        Map<String, byte[]> b = contents(second);
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains("registry/members.csv", "expected-outcomes.csv");
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void anotherSeedWritesOtherClaims(@TempDir Path first, @TempDir Path second) throws IOException {
        generate(7, 500, first);
        generate(8, 500, second);

        assertThat(Files.readAllBytes(first.resolve("expected-outcomes.csv")))
                .isNotEqualTo(Files.readAllBytes(second.resolve("expected-outcomes.csv")));
    }

    @Test
    void claimsAreSplitIntoFilesOfTheChosenSizeWithAboutThreeLinesEach(@TempDir Path out) {
        SyntheticDataGenerator.Summary summary = generate(1, 1_000, out);

        assertThat(summary.files()).isEqualTo(3);
        assertThat(summary.claims()).isEqualTo(1_000);
        assertThat((double) summary.lines() / summary.claims()).isBetween(2.0, 4.0);
    }

    @Test
    void everyGeneratedClaimIsWellFormedAndOnlyIntendedTotalMismatchesAreRefusedAtIntake(@TempDir Path out)
            throws IOException {
        generate(3, 3_000, out);
        Map<String, String> expected = new HashMap<>();
        Map<String, Integer> intendedByRule = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("expected-outcomes.csv")).subList(1, 3_001)) {
            String[] f = line.split(",", -1);
            expected.put(f[1], f[2]);
            if (!f[2].isEmpty()) {
                intendedByRule.merge(f[2], 1, Integer::sum);
            }
        }
        List<ReceivedClaim> claims = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out.resolve("claims"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                try (InputStream input = Files.newInputStream(file);
                        CsvClaimFileReader reader = new CsvClaimFileReader(input, 1_000_000)) {
                    List<ClaimRow> rows;
                    while ((rows = reader.nextClaimRows()) != null) {
                        claims.add(ClaimFieldsParser.parse(rows));
                    }
                }
            }
        }

        assertThat(claims).hasSize(3_000);
        for (ReceivedClaim claim : claims) {
            String intended = expected.get(claim.claimRef());
            if (ReasonCode.TOTAL_MISMATCH.name().equals(intended)) {
                assertThat(claim.issues()).extracting(Issue::reason).containsExactly(ReasonCode.TOTAL_MISMATCH);
            } else {
                assertThat(claim.issues()).as(claim.claimRef()).isEmpty();
            }
        }
        assertThat(intendedByRule.keySet()).as("every rule the generator can break appears in 3,000 claims")
                .containsExactlyInAnyOrderElementsOf(SyntheticDataGenerator.BROKEN_RULES.stream().map(Enum::name)
                        .toList());
    }

    @Test
    void theRegistryCoversTadamonAndTnsWithDependantsAndAld(@TempDir Path out) throws IOException {
        generate(5, 2_000, out);

        List<String> members = Files.readAllLines(out.resolve("registry/members.csv"));
        assertThat(members.get(0)).isEqualTo(
                "insured_id,beneficiary_rank,regime,relationship,birth_date,sex,rights_from,rights_to,rib");
        assertThat(members).anyMatch(m -> m.contains(",TNS,")).anyMatch(m -> m.contains(",TADAMON,"))
                .anyMatch(m -> m.contains(",CHILD,")).anyMatch(m -> m.contains(",SPOUSE,"));
        assertThat(Files.readAllLines(out.resolve("registry/ald_recognitions.csv"))).hasSizeGreaterThan(10);
        assertThat(Files.readAllLines(out.resolve("registry/prior_approvals.csv"))).hasSizeGreaterThan(1);
    }

    @Test
    void theFhirFormatCarriesTheSameClaimsAsTheCsvFormat(@TempDir Path csv, @TempDir Path fhir) throws IOException {
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(11, 300, 150, AS_OF, csv, 0.09, "R", "csv"),
                line -> { }).generate();
        new SyntheticDataGenerator(new SyntheticDataGenerator.Options(11, 300, 150, AS_OF, fhir, 0.09, "R", "fhir"),
                line -> { }).generate();

        assertThat(Files.readAllBytes(fhir.resolve("expected-outcomes.csv")))
                .isEqualTo(Files.readAllBytes(csv.resolve("expected-outcomes.csv")));
        List<ReceivedClaim> fromCsv = new ArrayList<>();
        List<ReceivedClaim> fromFhir = new ArrayList<>();
        try (Stream<Path> files = Files.walk(csv.resolve("claims"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                try (InputStream input = Files.newInputStream(file);
                        CsvClaimFileReader reader = new CsvClaimFileReader(input, 1_000_000)) {
                    List<ClaimRow> rows;
                    while ((rows = reader.nextClaimRows()) != null) {
                        fromCsv.add(ClaimFieldsParser.parse(rows));
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(fhir.resolve("claims"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream input = Files.newInputStream(file);
                        ma.cnss.claims.intake.FhirBundleClaimSource source = new ma.cnss.claims.intake
                                .FhirBundleClaimSource(input, ca.uhn.fhir.context.FhirContext.forR4Cached(), 1000)) {
                    ReceivedClaim claim;
                    while ((claim = source.next()) != null) {
                        fromFhir.add(claim);
                    }
                }
            }
        }
        assertThat(fromFhir).hasSameSizeAs(fromCsv);
        for (int i = 0; i < fromCsv.size(); i++) {
            ReceivedClaim a = fromCsv.get(i);
            ReceivedClaim b = fromFhir.get(i);
            assertThat(b.claimRef()).isEqualTo(a.claimRef());
            assertThat(b.issues()).extracting(Issue::reason).isEqualTo(a.issues().stream().map(Issue::reason).toList());
            assertThat(List.of(b.regime(), b.insuredId(), b.providerInpe(), b.sector(), b.careSetting(), b.payee(),
                    String.valueOf(b.admissionDate()), String.valueOf(b.priorApprovalRef()), b.diagnoses().toString()))
                    .isEqualTo(List.of(a.regime(), a.insuredId(), a.providerInpe(), a.sector(), a.careSetting(),
                            a.payee(), String.valueOf(a.admissionDate()), String.valueOf(a.priorApprovalRef()),
                            a.diagnoses().toString()));
            assertThat(b.lines()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("fileLine")
                    .isEqualTo(a.lines());
        }
    }

    @Test
    void ribsHaveTwentyFourDigitsWithAValidMod97Key() {
        for (long n = 0; n < 50; n++) {
            String rib = SyntheticDataGenerator.rib(n);
            assertThat(rib).hasSize(24).containsOnlyDigits();
            assertThat(new java.math.BigInteger(rib).mod(java.math.BigInteger.valueOf(97)).intValue()).isZero();
        }
    }
}
