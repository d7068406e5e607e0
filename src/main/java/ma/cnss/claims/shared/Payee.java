package ma.cnss.claims.shared;

/** Who is paid: the insured person (reimbursement) or the provider (tiers payant). */
public enum Payee {
    INSURED, PROVIDER
}
