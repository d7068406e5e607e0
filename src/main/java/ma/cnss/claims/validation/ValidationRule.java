package ma.cnss.claims.validation;

import ma.cnss.claims.reference.ReferenceCatalogue;

/**
 * One AMO rule (amo-rules §6.2): looks at a claim and records a coded reason when it is broken. Rules are plain
 * Java, evaluated at the dates of care.
 */
public interface ValidationRule {

    /** What a rule may consult besides the claim. */
    record Context(Registry registry, ReferenceCatalogue reference, ValidationPolicy policy) {
    }

    void check(ClaimToValidate claim, Context context, Findings findings);
}
