package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The fast checks and HAPI's validator (the oracle) give the same verdict on a corpus: the valid examples, claims
 * produced by the mapper, and each of them mutated once per constrained element (plus mutations that must stay
 * valid). Agreement must be 100 %.
 */
class ProfileAgreementTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String LINE_TYPES = AmoTerminology.CANONICAL_BASE + "/CodeSystem/amo-line-type";

    private static Map<String, Consumer<Claim>> mutations() {
        Map<String, Consumer<Claim>> m = new LinkedHashMap<>();
        // must be refused
        m.put("no identifier", c -> c.getIdentifier().clear());
        m.put("no total", c -> c.setTotal(null));
        m.put("total in USD", c -> c.getTotal().setCurrency("USD"));
        m.put("total without currency", c -> c.getTotal().setCurrency(null));
        m.put("no items", c -> c.getItem().clear());
        m.put("item without category", c -> c.getItemFirstRep().setCategory(null));
        m.put("item category DRUG", c -> c.getItemFirstRep().getCategory().getCodingFirstRep().setCode("DRUG"));
        m.put("item category from another system", c -> c.getItemFirstRep().getCategory().getCodingFirstRep()
                .setSystem("http://example.org/types"));
        m.put("item serviced as a period", c -> c.getItemFirstRep().setServiced(new Period()
                .setStart(java.sql.Date.valueOf("2026-11-01")).setEnd(java.sql.Date.valueOf("2026-11-02"))));
        m.put("item without date", c -> c.getItemFirstRep().setServiced(null));
        m.put("item without quantity", c -> c.getItemFirstRep().setQuantity(null));
        m.put("item without net", c -> c.getItemFirstRep().setNet(null));
        m.put("item net in EUR", c -> c.getItemFirstRep().getNet().setCurrency("EUR"));
        m.put("item without productOrService", c -> c.getItemFirstRep().setProductOrService(null));
        m.put("no diagnosis", c -> c.getDiagnosis().clear());
        m.put("diagnosis as a reference", c -> c.getDiagnosisFirstRep().setDiagnosis(new Reference("Condition/1")));
        m.put("diagnosis without sequence", c -> c.getDiagnosisFirstRep().setSequenceElement(null));
        m.put("two insurances", c -> c.addInsurance().setSequence(2).setFocal(false)
                .setCoverage(new Reference("Coverage/other")));
        m.put("no insurance", c -> c.getInsurance().clear());
        m.put("insurance without coverage", c -> c.getInsuranceFirstRep().setCoverage(null));
        m.put("insurance without focal", c -> c.getInsuranceFirstRep().setFocalElement(null));
        m.put("no payee", c -> c.setPayee(null));
        m.put("payee without type", c -> c.getPayee().setType(null));
        m.put("no status", c -> c.setStatus(null));
        m.put("no type", c -> c.setType(null));
        m.put("no use", c -> c.setUse(null));
        m.put("no patient", c -> c.setPatient(null));
        m.put("no created", c -> c.setCreatedElement(null));
        m.put("no provider", c -> c.setProvider(null));
        m.put("no priority", c -> c.setPriority(null));
        // must stay valid
        m.put("(valid) second diagnosis", c -> c.addDiagnosis().setSequence(9).setDiagnosis(new CodeableConcept(
                new Coding("http://hl7.org/fhir/sid/icd-10", "I10", null))));
        m.put("category with an extra coding from an unknown system", c -> c.getItemFirstRep().getCategory()
                .addCoding(new Coding("http://example.org/types", "X", null)));
        m.put("(valid) category coded twice in amo-line-type", c -> c.getItemFirstRep().getCategory()
                .addCoding(new Coding(LINE_TYPES, c.getItemFirstRep().getCategory().getCodingFirstRep().getCode(),
                        null)));
        m.put("(valid) no billable period", c -> c.setBillablePeriod(null));
        m.put("(valid) other quantity", c -> c.getItemFirstRep().getQuantity().setValue(3));
        m.put("(valid) other total", c -> c.getTotal().setValue(new BigDecimal("1.00")));
        m.put("(valid) unchanged", c -> { });
        return m;
    }

    private static List<Claim> corpus() throws IOException {
        List<Claim> claims = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("fhir-profiles/examples/valid"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("Claim-")).sorted().toList()) {
                claims.add(FHIR.newJsonParser().parseResource(Claim.class, Files.readString(file)));
            }
        }
        ClaimToFhirMapper mapper = new ClaimToFhirMapper();
        LocalDate day = LocalDate.of(2026, 11, 3);
        claims.add(mapper.map(new ClaimToFhirMapper.AcceptedClaim(7, "300000000", "M-1", "TNS", "100000014", 1,
                "SPOUSE", LocalDate.of(1985, 3, 3), LocalDate.of(2024, 1, 1), null, "300000000", false, "PRIVATE",
                false, null, null, null, List.of("J45.0"), "INSURED", day, List.of(
                        new ClaimToFhirMapper.AcceptedLine(1, "ACT", "CS", 1, day, new BigDecimal("300.00")),
                        new ClaimToFhirMapper.AcceptedLine(3, "MEDICINE", "6118010116278", 2, day,
                                new BigDecimal("420.00"))))).claim());
        claims.add(mapper.map(new ClaimToFhirMapper.AcceptedClaim(8, "300000026", "M-2", "TADAMON", "100000021", 0,
                "SELF", LocalDate.of(1960, 1, 1), LocalDate.of(2022, 12, 1), LocalDate.of(2027, 1, 1), "300000026",
                true, "PUBLIC", true, day.minusDays(3), day, "PEC-9", List.of("I21.0", "E11.9"), "PROVIDER", day,
                List.of(new ClaimToFhirMapper.AcceptedLine(1, "DAY_RATE", "INTENSIVE_CARE", 3, day.minusDays(3),
                        new BigDecimal("4500.00"))))).claim());
        return claims;
    }

    @Test
    void theFastChecksAgreeWithHapisValidatorOnEveryMutatedClaim() throws IOException {
        ProfileValidator oracle = new ProfileValidator(FHIR, AmoTerminology.load(FHIR, Path.of("fhir-profiles")));
        AmoClaimProfileCheck fast = new AmoClaimProfileCheck();
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        int refused = 0;
        for (Claim base : corpus()) {
            for (Map.Entry<String, Consumer<Claim>> mutation : mutations().entrySet()) {
                Claim claim = base.copy();
                mutation.getValue().accept(claim);
                List<String> hapi = oracle.errors(claim, ProfileValidator.CLAIM_PROFILE);
                List<AmoClaimProfileCheck.Violation> ours = fast.check(claim);
                judged++;
                refused += hapi.isEmpty() ? 0 : 1;
                boolean shouldStayValid = mutation.getKey().startsWith("(valid)");
                if (hapi.isEmpty() != ours.isEmpty() || hapi.isEmpty() != shouldStayValid) {
                    disagreements.add(base.getIdElement().getIdPart() + " / " + mutation.getKey() + ": HAPI " + hapi
                            + " vs fast " + ours);
                }
            }
        }
        System.out.printf("Profile agreement: %d claims judged, %d refused by HAPI, %d disagreements%n", judged,
                refused, disagreements.size());
        assertThat(disagreements).isEmpty();
        assertThat(judged).isGreaterThan(100);
    }
}
