package ma.cnss.claims.shared;

/** AMO regimes, an attribute of the insured person's coverage (amo-rules §1.2). */
public enum Regime {
    TADAMON, TNS, SALARIE, ACHAMIL
}
