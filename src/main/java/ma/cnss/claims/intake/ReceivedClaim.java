package ma.cnss.claims.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A claim as read from a file, before the registry and the AMO rules are applied. Fields that could not be read
 * are null and the reason is in {@link #issues()}; a claim with any issue is refused at intake.
 */
public record ReceivedClaim(
        String claimRef,
        int fileLine,
        String regime,
        String insuredId,
        Integer beneficiaryRank,
        LocalDate patientBirthDate,
        String providerInpe,
        String sector,
        String careSetting,
        LocalDate admissionDate,
        LocalDate dischargeDate,
        String priorApprovalRef,
        List<String> diagnoses,
        String payee,
        BigDecimal statedTotal,
        List<ReceivedLine> lines,
        List<Issue> issues) {

    public boolean refused() {
        return !issues.isEmpty();
    }

    /** The same claim with one more reason of refusal. */
    public ReceivedClaim withIssue(Issue issue) {
        List<Issue> more = new java.util.ArrayList<>(issues);
        more.add(issue);
        return new ReceivedClaim(claimRef, fileLine, regime, insuredId, beneficiaryRank, patientBirthDate,
                providerInpe, sector, careSetting, admissionDate, dischargeDate, priorApprovalRef, diagnoses, payee,
                statedTotal, lines, List.copyOf(more));
    }

    public LocalDate firstServiceDate() {
        return lines.stream().map(ReceivedLine::serviceDate).filter(d -> d != null)
                .min(LocalDate::compareTo).orElse(null);
    }

    /** One line of a claim. */
    public record ReceivedLine(int lineNo, int fileLine, String lineType, String code, Integer quantity,
            LocalDate serviceDate, BigDecimal billed) {
    }
}
