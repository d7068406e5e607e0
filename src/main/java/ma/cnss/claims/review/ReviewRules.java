package ma.cnss.claims.review;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review rules, in plain Java: which decision may be taken in which state and by whom, what an approval's line
 * adjustments must look like, and when a second pair of eyes is needed.
 */
public final class ReviewRules {

    /** A line as the adjuster sees it: accepted by validation, with its billed amount. */
    public record ClaimLine(int lineNo, BigDecimal billed, boolean accepted) {
    }

    /** Reject a line with a reason, or lower its amount to {@code allowedAmount} with a written justification. */
    public record LineAction(int lineNo, String action, ReviewReason reason, BigDecimal allowedAmount,
            String justification) {
    }

    public record Approval(BigDecimal approvedAmount, boolean needsConfirmation) {
    }

    private final BigDecimal fourEyesAbove;

    public ReviewRules(BigDecimal fourEyesAbove) {
        this.fourEyesAbove = fourEyesAbove;
    }

    /** Checks that {@code kind} may be taken now by someone with {@code roles}; returns the state it leads to. */
    public ReviewState next(ReviewState current, DecisionKind kind, Set<String> roles, boolean needsConfirmation) {
        boolean adjuster = roles.contains("ADJUSTER") || roles.contains("SUPERVISOR");
        if (!adjuster) {
            throw new ReviewRefused(ReviewRefused.Kind.ROLE, "Seuls les gestionnaires et superviseurs décident.");
        }
        ReviewState required = switch (kind) {
            case APPROVE, REQUEST_DOCUMENT -> ReviewState.PENDING;
            case DOCUMENT_RECEIVED -> ReviewState.INCOMPLETE;
            case CONFIRM, RETURN -> ReviewState.AWAITING_CONFIRMATION;
        };
        if (current != required) {
            throw new ReviewRefused(ReviewRefused.Kind.WRONG_STATE, "Décision " + kind + " impossible : le dossier est "
                    + (current == null ? "hors revue" : current.name()) + " (attendu : " + required + ").");
        }
        if ((kind == DecisionKind.CONFIRM || kind == DecisionKind.RETURN) && !roles.contains("SUPERVISOR")) {
            throw new ReviewRefused(ReviewRefused.Kind.ROLE,
                    "Seul un superviseur confirme ou renvoie une décision soumise à double validation.");
        }
        return switch (kind) {
            case APPROVE -> needsConfirmation ? ReviewState.AWAITING_CONFIRMATION : ReviewState.DECIDED;
            case REQUEST_DOCUMENT -> ReviewState.INCOMPLETE;
            case DOCUMENT_RECEIVED, RETURN -> ReviewState.PENDING;
            case CONFIRM -> ReviewState.DECIDED;
        };
    }

    /** Four eyes: the confirmation of an approval comes from another person than its author. */
    public void checkConfirmer(String approvalAuthor, String confirmer) {
        if (approvalAuthor.equals(confirmer)) {
            throw new ReviewRefused(ReviewRefused.Kind.FOUR_EYES, "Double validation : la décision de "
                    + approvalAuthor + " doit être confirmée par un autre superviseur.");
        }
    }

    /** Validates an approval's line actions against the claim's lines; returns the approved amount. */
    public Approval approve(List<ClaimLine> lines, List<LineAction> actions) {
        Map<Integer, ClaimLine> byNo = new java.util.HashMap<>();
        lines.forEach(l -> byNo.put(l.lineNo(), l));
        Set<Integer> seen = new HashSet<>();
        Map<Integer, BigDecimal> allowed = new java.util.HashMap<>();
        for (LineAction action : actions) {
            ClaimLine line = byNo.get(action.lineNo());
            String where = "Ligne " + action.lineNo() + " : ";
            if (line == null || !line.accepted()) {
                throw invalid(where + "pas une ligne acceptée de ce dossier.");
            }
            if (!seen.add(action.lineNo())) {
                throw invalid(where + "une seule action par ligne.");
            }
            if (action.reason() == null) {
                throw invalid(where + "motif obligatoire (" + java.util.Arrays.toString(ReviewReason.values()) + ").");
            }
            switch (action.action() == null ? "" : action.action()) {
                case "REJECT" -> allowed.put(action.lineNo(), BigDecimal.ZERO);
                case "REDUCE" -> {
                    BigDecimal amount = action.allowedAmount();
                    if (amount == null || amount.signum() < 0 || amount.scale() > 2
                            || amount.compareTo(line.billed()) >= 0) {
                        throw invalid(where + "le montant retenu doit être positif, au centime, et inférieur au "
                                + "montant facturé " + line.billed().toPlainString() + " MAD.");
                    }
                    if (action.justification() == null || action.justification().isBlank()) {
                        throw invalid(where + "une réduction exige une justification écrite.");
                    }
                    allowed.put(action.lineNo(), amount);
                }
                default -> throw invalid(where + "action REJECT ou REDUCE attendue.");
            }
            if (action.justification() != null && action.justification().length() > 2000) {
                throw invalid(where + "justification de 2000 caractères au plus.");
            }
        }
        BigDecimal approved = lines.stream().filter(ClaimLine::accepted)
                .map(l -> allowed.getOrDefault(l.lineNo(), l.billed())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Approval(approved, approved.compareTo(fourEyesAbove) > 0);
    }

    private static ReviewRefused invalid(String message) {
        return new ReviewRefused(ReviewRefused.Kind.INVALID, message);
    }
}
