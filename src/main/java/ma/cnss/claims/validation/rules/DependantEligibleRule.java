package ma.cnss.claims.validation.rules;

import java.time.Period;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.Registry;
import ma.cnss.claims.validation.ValidationRule;

/**
 * DEPENDANT_INELIGIBLE (amo-rules §1.4): a child is covered up to and including the configured age (21 [L]) at
 * the date of care. The extract carries no student or disability flag, so the 26-year and no-limit cases cannot
 * be told apart yet: such children must be kept open by the registry.
 */
public final class DependantEligibleRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        Registry.Member member = context.registry().member(claim.insuredId(), claim.beneficiaryRank()).orElse(null);
        if (member == null || !member.relationship().equals("CHILD")) {
            return;
        }
        int age = Period.between(member.birthDate(), claim.firstServiceDate()).getYears();
        if (age > context.policy().childAgeLimit()) {
            findings.rejectClaim(ReasonCode.DEPENDANT_INELIGIBLE, "beneficiary_rank", "Enfant ayant droit âgé de "
                    + age + " ans à la date des soins (limite " + context.policy().childAgeLimit() + " ans).");
        }
    }
}
