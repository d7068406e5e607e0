package ma.cnss.claims.validation.rules;

import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.Registry;
import ma.cnss.claims.validation.ValidationRule;

/**
 * RIGHTS_CLOSED (amo-rules §1.3): each line is covered only if the beneficiary's rights are open at its date of
 * care. The registry's rights period carries the regime's logic: Tadamon eligibility, TNS waiting period and
 * arrears, maintenance periods are resolved by the affiliation systems that produce the extract.
 */
public final class RightsOpenRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        Registry.Member member = context.registry().member(claim.insuredId(), claim.beneficiaryRank()).orElse(null);
        if (member == null) {
            return; // reported by BeneficiaryKnownRule
        }
        for (ClaimToValidate.Line line : claim.lines()) {
            if (!member.rightsOpenOn(line.serviceDate())) {
                findings.rejectLine(line.lineNo(), ReasonCode.RIGHTS_CLOSED, "service_date", "Ligne "
                        + line.lineNo() + " : droits fermés le " + line.serviceDate() + " (droits du "
                        + member.rightsFrom() + (member.rightsTo() == null ? "" : " au " + member.rightsTo()) + ").");
            }
        }
    }
}
