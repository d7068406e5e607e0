package ma.cnss.claims.review;

/** Where a claim stands in review. Only NOT_REQUIRED and DECIDED claims may be settled (a database constraint). */
public enum ReviewState {
    NOT_REQUIRED, PENDING, INCOMPLETE, AWAITING_CONFIRMATION, DECIDED
}
