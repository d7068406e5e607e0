package ma.cnss.claims.validation.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.ValidationPolicy;
import ma.cnss.claims.validation.ValidationRule;

/**
 * LATE_FILING (amo-rules §3.2, §3.5): a claim is filed within the deadline (60 days) after its first act, or after
 * the discharge for a stay. Policy REJECT refuses it; policy PENALTY accepts it with a penalty per started month
 * late (5 % a month by default, capped), applied at settlement.
 */
public final class FilingDeadlineRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        ValidationPolicy policy = context.policy();
        LocalDate reference = claim.hospital() && claim.dischargeDate() != null ? claim.dischargeDate()
                : claim.firstServiceDate();
        long days = ChronoUnit.DAYS.between(reference, claim.depositDate());
        long late = days - policy.filingDeadlineDays();
        if (late <= 0) {
            return;
        }
        String what = "Déposé " + days + " jours après " + (claim.hospital() ? "la sortie" : "le premier acte")
                + " (" + reference + "), délai " + policy.filingDeadlineDays() + " jours";
        if (policy.lateFilingPolicy() == ValidationPolicy.LateFilingPolicy.REJECT) {
            findings.rejectClaim(ReasonCode.LATE_FILING, "service_date", what + ".");
            return;
        }
        long months = (late + 29) / 30;
        BigDecimal pct = policy.penaltyPctPerMonth().multiply(BigDecimal.valueOf(months)).min(policy.penaltyCapPct());
        for (ClaimToValidate.Line line : claim.lines()) {
            findings.penalise(line.lineNo(), pct, what + " : pénalité de " + pct.stripTrailingZeros().toPlainString()
                    + " %.");
        }
    }
}
