package ma.cnss.claims.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ma.cnss.claims.reference.ReferenceCatalogue;
import ma.cnss.claims.reference.ReferenceData;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.rules.BeneficiaryKnownRule;
import ma.cnss.claims.validation.rules.CodesKnownRule;
import ma.cnss.claims.validation.rules.DatesCoherentRule;
import ma.cnss.claims.validation.rules.DependantEligibleRule;
import ma.cnss.claims.validation.rules.FilingDeadlineRule;
import ma.cnss.claims.validation.rules.PriorApprovalRule;
import ma.cnss.claims.validation.rules.ProviderKnownRule;
import ma.cnss.claims.validation.rules.RightsOpenRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each AMO rule with a claim that passes and one that breaks it. Plain Java: no database, no Spring. */
class ValidationRulesTest {

    private static final LocalDate DEPOSIT = LocalDate.of(2026, 11, 20);
    private static final LocalDate CARE = LocalDate.of(2026, 11, 2);
    private static final String CRESTOR = "6118010116278";
    private static final String EXCLUDED = "6118001182459";

    private static final Registry REGISTRY = new Registry() {
        final Map<String, Member> members = Map.of(
                "100|0", new Member("100", 0, "TADAMON", "SELF", LocalDate.of(1980, 5, 17), LocalDate.of(2022, 12, 1),
                        null),
                "100|2", new Member("100", 2, "TADAMON", "CHILD", LocalDate.of(2004, 1, 1), LocalDate.of(2022, 12, 1),
                        null),
                "200|0", new Member("200", 0, "TNS", "SELF", LocalDate.of(1970, 1, 1), LocalDate.of(2024, 1, 1),
                        LocalDate.of(2026, 6, 30)));
        final Map<String, Provider> providers = Map.of("9", new Provider("9", "GP", "PRIVATE"),
                "7", new Provider("7", "CLINIC", "PRIVATE"));
        final Map<String, PriorApproval> approvals = Map.of("PEC-1", new PriorApproval("PEC-1", "100", 0, "7",
                LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 30), "HOSPITALISATION"));

        @Override
        public Optional<Member> member(String insuredId, int rank) {
            return Optional.ofNullable(members.get(insuredId + "|" + rank));
        }

        @Override
        public Optional<Provider> provider(String inpe) {
            return Optional.ofNullable(providers.get(inpe));
        }

        @Override
        public Optional<PriorApproval> priorApproval(String reference) {
            return Optional.ofNullable(approvals.get(reference));
        }
    };

    private static final ReferenceCatalogue REFERENCE = new ReferenceCatalogue() {
        @Override
        public boolean icd10Known(String code) {
            return List.of("E11.9", "I10").contains(code);
        }

        @Override
        public Optional<ReferenceData.Medicine> medicine(String ean13, LocalDate date) {
            if (ean13.equals(CRESTOR)) {
                return Optional.of(new ReferenceData.Medicine(CRESTOR, LocalDate.of(2000, 1, 1), null,
                        new BigDecimal("210.00"), new BigDecimal("210.00"), false, new BigDecimal("70")));
            }
            if (ean13.equals(EXCLUDED)) {
                return Optional.of(new ReferenceData.Medicine(EXCLUDED, LocalDate.of(2000, 1, 1), null,
                        new BigDecimal("60.70"), new BigDecimal("60.70"), false, BigDecimal.ZERO));
            }
            return Optional.empty();
        }

        @Override
        public Optional<ReferenceData.Tariff> tariff(String code, String sector, LocalDate date) {
            boolean known = List.of("C", "K", "MEDICAL_WARD").contains(code) && !date.isBefore(LocalDate.of(2020, 1, 13));
            return known ? Optional.of(new ReferenceData.Tariff(code, sector, LocalDate.of(2020, 1, 13), null,
                    new BigDecimal("150.00"), "OFFICIAL")) : Optional.empty();
        }
    };

    private static ValidationRule.Context context(ValidationPolicy policy) {
        return new ValidationRule.Context(REGISTRY, REFERENCE, policy);
    }

    /** A valid ambulatory claim: member 100 rank 0, GP 9, a consultation and CRESTOR on 2 Nov 2026. */
    private static Builder claim() {
        return new Builder();
    }

    private static final class Builder {
        String regime = "TADAMON";
        String insured = "100";
        int rank = 0;
        LocalDate birth = LocalDate.of(1980, 5, 17);
        String provider = "9";
        String setting = "AMBULATORY";
        LocalDate admission;
        LocalDate discharge;
        String approval;
        String payee = "INSURED";
        List<String> diagnoses = List.of("E11.9");
        List<ClaimToValidate.Line> lines = new ArrayList<>(List.of(
                new ClaimToValidate.Line(1, "ACT", "C", 1, CARE, new BigDecimal("200.00")),
                new ClaimToValidate.Line(2, "MEDICINE", CRESTOR, 1, CARE, new BigDecimal("210.00"))));

        Builder hospitalStay(String inpe, LocalDate in, LocalDate out, String pec) {
            provider = inpe;
            setting = "HOSPITAL";
            admission = in;
            discharge = out;
            approval = pec;
            payee = "PROVIDER";
            lines = new ArrayList<>(List.of(new ClaimToValidate.Line(1, "DAY_RATE", "MEDICAL_WARD", 2, in,
                    new BigDecimal("1700.00"))));
            return this;
        }

        Builder lineDated(LocalDate date) {
            lines.add(new ClaimToValidate.Line(lines.size() + 1, "ACT", "K20", 1, date, new BigDecimal("400.00")));
            return this;
        }

        ClaimToValidate build() {
            return new ClaimToValidate(1, 1, "REF-1", regime, insured, rank, birth, provider, "PRIVATE", setting,
                    admission, discharge, approval, diagnoses, payee, DEPOSIT, lines);
        }
    }

    private static Findings check(ValidationRule rule, ClaimToValidate claim) {
        return check(rule, claim, ValidationPolicy.defaults());
    }

    private static Findings check(ValidationRule rule, ClaimToValidate claim, ValidationPolicy policy) {
        Findings findings = new Findings();
        rule.check(claim, context(policy), findings);
        return findings;
    }

    private static List<ReasonCode> reasons(Findings findings) {
        return findings.all().stream().map(Findings.Finding::reason).toList();
    }

    @Test
    void aValidClaimPassesEveryRule() {
        Findings findings = new ClaimValidator().validate(claim().build(), context(ValidationPolicy.defaults()));

        assertThat(findings.all()).isEmpty();
        assertThat(ClaimValidator.outcome(findings, claim().build().lines())).isEqualTo("ACCEPTED");
    }

    @Nested
    class BeneficiaryKnown {
        @Test
        void anUnknownInsuredNumberIsRefused() {
            Builder claim = claim();
            claim.insured = "999";
            assertThat(reasons(check(new BeneficiaryKnownRule(), claim.build()))).containsExactly(ReasonCode.BENEF_UNKNOWN);
        }

        @Test
        void aBirthDateThatIsNotTheRegistrysIsRefused() {
            Builder claim = claim();
            claim.birth = LocalDate.of(1980, 5, 18);
            assertThat(check(new BeneficiaryKnownRule(), claim.build()).claimRejections()).singleElement()
                    .satisfies(f -> assertThat(f.location()).isEqualTo("patient_birth_date"));
        }

        @Test
        void aRegimeThatIsNotTheRegistrysIsRefused() {
            Builder claim = claim();
            claim.regime = "TNS";
            assertThat(check(new BeneficiaryKnownRule(), claim.build()).claimRejections()).singleElement()
                    .satisfies(f -> assertThat(f.messageFr()).contains("TADAMON"));
        }
    }

    @Nested
    class RightsOpen {
        @Test
        void linesAfterTheEndOfRightsAreRefusedOneByOne() {
            Builder claim = claim();
            claim.regime = "TNS";
            claim.insured = "200";
            claim.birth = LocalDate.of(1970, 1, 1);
            claim.lines = new ArrayList<>(List.of(
                    new ClaimToValidate.Line(1, "ACT", "C", 1, LocalDate.of(2026, 6, 30), new BigDecimal("150.00")),
                    new ClaimToValidate.Line(2, "ACT", "C", 1, LocalDate.of(2026, 7, 1), new BigDecimal("150.00"))));
            Findings findings = check(new RightsOpenRule(), claim.build());

            assertThat(findings.lineRejected(1)).isFalse();
            assertThat(findings.lineRejected(2)).isTrue();
            assertThat(reasons(findings)).containsExactly(ReasonCode.RIGHTS_CLOSED);
        }

        @Test
        void openRightsPass() {
            assertThat(check(new RightsOpenRule(), claim().build()).all()).isEmpty();
        }
    }

    @Nested
    class DependantEligible {
        @Test
        void aChildOverTheAgeLimitAtTheCareDateIsRefused() {
            Builder claim = claim();
            claim.rank = 2;
            claim.birth = LocalDate.of(2004, 1, 1); // 22 in November 2026
            assertThat(reasons(check(new DependantEligibleRule(), claim.build())))
                    .containsExactly(ReasonCode.DEPENDANT_INELIGIBLE);
        }

        @Test
        void theLimitIsConfiguration() {
            Builder claim = claim();
            claim.rank = 2;
            ValidationPolicy upTo26 = new ValidationPolicy(60, ValidationPolicy.LateFilingPolicy.REJECT,
                    BigDecimal.TEN, BigDecimal.TEN, 26);
            assertThat(check(new DependantEligibleRule(), claim.build(), upTo26).all()).isEmpty();
        }
    }

    @Nested
    class ProviderKnown {
        @Test
        void anUnknownInpeIsRefused() {
            Builder claim = claim();
            claim.provider = "123";
            assertThat(reasons(check(new ProviderKnownRule(), claim.build()))).containsExactly(ReasonCode.PROVIDER_UNKNOWN);
        }

        @Test
        void aGpCannotBillAHospitalStay() {
            ClaimToValidate claim = claim().hospitalStay("9", CARE, CARE.plusDays(2), null).build();
            assertThat(reasons(check(new ProviderKnownRule(), claim))).containsExactly(ReasonCode.PROVIDER_UNKNOWN);
        }

        @Test
        void aClinicCanBillAStay() {
            ClaimToValidate claim = claim().hospitalStay("7", CARE, CARE.plusDays(2), "PEC-1").build();
            assertThat(check(new ProviderKnownRule(), claim).all()).isEmpty();
        }
    }

    @Nested
    class CodesKnown {
        @Test
        void anUnknownIcd10CodeRefusesTheClaim() {
            Builder claim = claim();
            claim.diagnoses = List.of("E11.9", "Z99.9");
            assertThat(reasons(check(new CodesKnownRule(), claim.build()))).containsExactly(ReasonCode.CODE_UNKNOWN);
        }

        @Test
        void aWrongEanCheckDigitRefusesTheLine() {
            Builder claim = claim();
            claim.lines.set(1, new ClaimToValidate.Line(2, "MEDICINE", "6118010116279", 1, CARE, BigDecimal.TEN));
            Findings findings = check(new CodesKnownRule(), claim.build());
            assertThat(findings.lineRejected(2)).isTrue();
            assertThat(reasons(findings)).containsExactly(ReasonCode.CODE_UNKNOWN);
        }

        @Test
        void aMedicineListedAtZeroPercentIsNotReimbursable() {
            Builder claim = claim();
            claim.lines.set(1, new ClaimToValidate.Line(2, "MEDICINE", EXCLUDED, 1, CARE, BigDecimal.TEN));
            Findings findings = check(new CodesKnownRule(), claim.build());
            assertThat(reasons(findings)).containsExactly(ReasonCode.NOT_REIMBURSABLE);
            assertThat(ClaimValidator.outcome(findings, claim.build().lines())).isEqualTo("PARTIALLY_ACCEPTED");
        }

        @Test
        void anActLetterKeyWithoutTariffAtTheCareDateIsUnknown() {
            Builder claim = claim();
            claim.lines.set(0, new ClaimToValidate.Line(1, "ACT", "XY12", 1, CARE, BigDecimal.TEN));
            assertThat(reasons(check(new CodesKnownRule(), claim.build()))).containsExactly(ReasonCode.CODE_UNKNOWN);
            Builder old = claim();
            old.lines.set(0, new ClaimToValidate.Line(1, "ACT", "K50", 1, LocalDate.of(2019, 1, 1), BigDecimal.TEN));
            assertThat(check(new CodesKnownRule(), old.build()).lineRejected(1)).isTrue();
        }
    }

    @Nested
    class DatesCoherent {
        @Test
        void careAfterTheDepositIsRefused() {
            ClaimToValidate claim = claim().lineDated(DEPOSIT.plusDays(1)).build();
            assertThat(reasons(check(new DatesCoherentRule(), claim))).containsExactly(ReasonCode.DATES_INCOHERENT);
        }

        @Test
        void aDischargeBeforeTheAdmissionRefusesTheClaim() {
            ClaimToValidate claim = claim().hospitalStay("7", CARE, CARE.minusDays(1), "PEC-1").build();
            assertThat(check(new DatesCoherentRule(), claim).claimRejected()).isTrue();
        }

        @Test
        void aLineOutsideTheStayIsRefused() {
            ClaimToValidate claim = claim().hospitalStay("7", CARE, CARE.plusDays(2), "PEC-1")
                    .lineDated(CARE.plusDays(5)).build();
            Findings findings = check(new DatesCoherentRule(), claim);
            assertThat(findings.lineRejected(1)).isFalse();
            assertThat(findings.lineRejected(2)).isTrue();
        }
    }

    @Nested
    class FilingDeadline {
        @Test
        void withinSixtyDaysPasses() {
            assertThat(check(new FilingDeadlineRule(), claim().build()).all()).isEmpty();
        }

        @Test
        void pastTheDeadlineIsRejectedUnderTheRejectPolicy() {
            Builder claim = claim();
            claim.lines = new ArrayList<>(List.of(new ClaimToValidate.Line(1, "ACT", "C", 1, DEPOSIT.minusDays(61),
                    new BigDecimal("150.00"))));
            assertThat(reasons(check(new FilingDeadlineRule(), claim.build()))).containsExactly(ReasonCode.LATE_FILING);
        }

        @Test
        void underThePenaltyPolicyTheClaimStaysPayableWithAPenaltyPerStartedMonth() {
            Builder claim = claim();
            claim.lines = new ArrayList<>(List.of(new ClaimToValidate.Line(1, "ACT", "C", 1, DEPOSIT.minusDays(95),
                    new BigDecimal("150.00"))));
            ValidationPolicy penalty = new ValidationPolicy(60, ValidationPolicy.LateFilingPolicy.PENALTY,
                    new BigDecimal("5"), new BigDecimal("50"), 21);
            Findings findings = check(new FilingDeadlineRule(), claim.build(), penalty);

            assertThat(findings.claimRejected()).isFalse();
            assertThat(findings.penalties()).containsEntry(1, new BigDecimal("10")); // 35 days late: 2 months
        }

        @Test
        void aStayCountsFromTheDischarge() {
            ClaimToValidate claim = claim().hospitalStay("7", DEPOSIT.minusDays(70), DEPOSIT.minusDays(50), "PEC-1")
                    .build();
            assertThat(check(new FilingDeadlineRule(), claim).all()).isEmpty();
        }
    }

    @Nested
    class PriorApprovalRequired {
        @Test
        void aPrivateStayInTiersPayantWithAValidPecPasses() {
            ClaimToValidate claim = claim().hospitalStay("7", CARE, CARE.plusDays(2), "PEC-1").build();
            assertThat(check(new PriorApprovalRule(), claim).all()).isEmpty();
        }

        @Test
        void withoutPecItIsRefused() {
            ClaimToValidate claim = claim().hospitalStay("7", CARE, CARE.plusDays(2), null).build();
            assertThat(reasons(check(new PriorApprovalRule(), claim))).containsExactly(ReasonCode.NO_PRIOR_APPROVAL);
        }

        @Test
        void aPecNotValidOnTheAdmissionDayIsRefused() {
            ClaimToValidate claim = claim().hospitalStay("7", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 3),
                    "PEC-1").build();
            assertThat(reasons(check(new PriorApprovalRule(), claim))).containsExactly(ReasonCode.NO_PRIOR_APPROVAL);
        }

        @Test
        void anAmbulatoryClaimNeedsNone() {
            assertThat(check(new PriorApprovalRule(), claim().build()).all()).isEmpty();
        }
    }
}
