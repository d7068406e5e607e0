package ma.cnss.claims.validation.rules;

import java.util.Optional;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.Registry;
import ma.cnss.claims.validation.ValidationRule;

/**
 * BENEF_UNKNOWN (amo-rules §6.2): the beneficiary (insured number + rank) must be in the registry, with the same
 * birth date and regime as the claim says.
 */
public final class BeneficiaryKnownRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        Optional<Registry.Member> member = context.registry().member(claim.insuredId(), claim.beneficiaryRank());
        if (member.isEmpty()) {
            findings.rejectClaim(ReasonCode.BENEF_UNKNOWN, "insured_id", "Bénéficiaire inconnu : immatriculation "
                    + "et rang " + claim.beneficiaryRank() + " introuvables au registre CNSS.");
        } else if (!member.get().birthDate().equals(claim.patientBirthDate())) {
            findings.rejectClaim(ReasonCode.BENEF_UNKNOWN, "patient_birth_date",
                    "La date de naissance ne correspond pas à celle du registre pour ce bénéficiaire.");
        } else if (!member.get().regime().equals(claim.regime())) {
            findings.rejectClaim(ReasonCode.BENEF_UNKNOWN, "regime", "Régime déclaré " + claim.regime()
                    + ", le registre indique " + member.get().regime() + ".");
        }
    }
}
