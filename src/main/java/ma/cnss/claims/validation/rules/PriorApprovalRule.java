package ma.cnss.claims.validation.rules;

import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.Registry;
import ma.cnss.claims.validation.ValidationRule;

/**
 * NO_PRIOR_APPROVAL (amo-rules §3.1, §4.7): a stay in a private clinic billed in tiers payant needs a prise en
 * charge (PEC) for this beneficiary and this clinic, valid on the day of admission. Tadamon care in public
 * hospitals is billed directly under the convention and needs none.
 */
public final class PriorApprovalRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        if (!claim.hospital() || !"PRIVATE".equals(claim.sector()) || !"PROVIDER".equals(claim.payee())) {
            return;
        }
        if (claim.priorApprovalRef() == null) {
            findings.rejectClaim(ReasonCode.NO_PRIOR_APPROVAL, "prior_approval_ref",
                    "Hospitalisation en tiers payant sans référence de prise en charge (PEC).");
            return;
        }
        Registry.PriorApproval approval = context.registry().priorApproval(claim.priorApprovalRef()).orElse(null);
        String ref = "Prise en charge « " + claim.priorApprovalRef() + " »";
        if (approval == null) {
            findings.rejectClaim(ReasonCode.NO_PRIOR_APPROVAL, "prior_approval_ref", ref + " inconnue.");
        } else if (!approval.insuredId().equals(claim.insuredId()) || approval.rank() != claim.beneficiaryRank()
                || !approval.providerInpe().equals(claim.providerInpe())) {
            findings.rejectClaim(ReasonCode.NO_PRIOR_APPROVAL, "prior_approval_ref",
                    ref + " accordée pour un autre bénéficiaire ou un autre établissement.");
        } else if (claim.admissionDate() == null || claim.admissionDate().isBefore(approval.validFrom())
                || claim.admissionDate().isAfter(approval.validTo())) {
            findings.rejectClaim(ReasonCode.NO_PRIOR_APPROVAL, "prior_approval_ref", ref + " valable du "
                    + approval.validFrom() + " au " + approval.validTo() + ", entrée le " + claim.admissionDate() + ".");
        }
    }
}
