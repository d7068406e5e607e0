package ma.cnss.claims.validation.rules;

import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.Registry;
import ma.cnss.claims.validation.ValidationRule;

/**
 * PROVIDER_UNKNOWN (amo-rules §2, §6.2): the INPE must be in the registry, and of a kind that can bill what the
 * claim holds: a hospital stay or a day rate only from a clinic or a public hospital.
 */
public final class ProviderKnownRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        Registry.Provider provider = context.registry().provider(claim.providerInpe()).orElse(null);
        if (provider == null) {
            findings.rejectClaim(ReasonCode.PROVIDER_UNKNOWN, "provider_inpe",
                    "INPE " + claim.providerInpe() + " inconnu du registre des prestataires.");
            return;
        }
        boolean dayRate = claim.lines().stream().anyMatch(l -> l.lineType().equals("DAY_RATE"));
        if ((claim.hospital() || dayRate) && !provider.establishment()) {
            findings.rejectClaim(ReasonCode.PROVIDER_UNKNOWN, "provider_inpe", "Le prestataire " + claim.providerInpe()
                    + " (" + provider.kind() + ") ne peut pas facturer d'hospitalisation.");
        }
    }
}
