package ma.cnss.claims.validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A claim accepted at intake, as the rules see it. {@code depositDate} is the day its file was received. */
public record ClaimToValidate(long id, long submissionId, String claimRef, String regime, String insuredId,
        int beneficiaryRank, LocalDate patientBirthDate, String providerInpe, String sector, String careSetting,
        LocalDate admissionDate, LocalDate dischargeDate, String priorApprovalRef, List<String> diagnoses,
        String payee, LocalDate depositDate, List<Line> lines) {

    public boolean hospital() {
        return "HOSPITAL".equals(careSetting);
    }

    public LocalDate firstServiceDate() {
        return lines.stream().map(Line::serviceDate).min(LocalDate::compareTo).orElse(depositDate);
    }

    public record Line(int lineNo, String lineType, String code, int quantity, LocalDate serviceDate,
            BigDecimal billed) {
    }
}
