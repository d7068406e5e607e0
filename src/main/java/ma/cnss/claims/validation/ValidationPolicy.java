package ma.cnss.claims.validation;

import java.math.BigDecimal;

/**
 * The rule parameters that public sources give only as likely or unsure (amo-rules §1.4, §3.5): configuration,
 * never constants. Keys under {@code claims.validation.*}.
 *
 * @param filingDeadlineDays    days after the first act (or the discharge) to file; amo-rules §3.5 [C] 60
 * @param lateFilingPolicy      REJECT (the form's rule) or PENALTY (ANAM's announced scheme, [U])
 * @param penaltyPctPerMonth    PENALTY: per started month late ([U] 5 %)
 * @param penaltyCapPct         PENALTY: at most this much
 * @param childAgeLimit         a CHILD dependant is covered up to and including this age ([L] 21)
 */
public record ValidationPolicy(int filingDeadlineDays, LateFilingPolicy lateFilingPolicy,
        BigDecimal penaltyPctPerMonth, BigDecimal penaltyCapPct, int childAgeLimit) {

    public enum LateFilingPolicy { REJECT, PENALTY }

    public static ValidationPolicy defaults() {
        return new ValidationPolicy(60, LateFilingPolicy.REJECT, new BigDecimal("5"), new BigDecimal("50"), 21);
    }
}
