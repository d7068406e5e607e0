package ma.cnss.claims.review;

/** Why an adjuster rejects or lowers a line. */
public enum ReviewReason {
    NOT_MEDICALLY_JUSTIFIED("Acte non justifié médicalement"),
    MISSING_DOCUMENT("Pièce justificative manquante"),
    AMOUNT_ABOVE_USUAL("Montant au-delà de l'usage pour cet acte"),
    NOT_REIMBURSABLE("Non remboursable"),
    NO_PRIOR_APPROVAL("Sans accord préalable"),
    CEILING_REACHED("Plafond atteint"),
    DUPLICATE("Soin déjà facturé"),
    WORK_ACCIDENT("Relève des accidents du travail"),
    OTHER("Autre motif (voir la justification)");

    private final String labelFr;

    ReviewReason(String labelFr) {
        this.labelFr = labelFr;
    }

    public String labelFr() {
        return labelFr;
    }
}
