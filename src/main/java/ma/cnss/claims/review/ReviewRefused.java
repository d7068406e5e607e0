package ma.cnss.claims.review;

/** A decision the rules do not allow; {@code kind} says which rule, the message says why, in French. */
public class ReviewRefused extends RuntimeException {

    public enum Kind {
        /** the claim is not where this decision can be made (already decided, not in review...) */
        WRONG_STATE,
        /** the decision is malformed: unknown line, amount above billed, missing justification... */
        INVALID,
        /** the user's role does not allow it */
        ROLE,
        /** four eyes: the approval's author cannot confirm it */
        FOUR_EYES
    }

    private final Kind kind;

    public ReviewRefused(Kind kind, String messageFr) {
        super(messageFr);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
