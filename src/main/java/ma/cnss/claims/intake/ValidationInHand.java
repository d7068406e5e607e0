package ma.cnss.claims.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.platform.CopyIn;
import ma.cnss.claims.shared.IntakeHandover;

/**
 * Validation of the claims intake holds, in intake's transaction, before they are written: each claim is then
 * written once with its outcome, instead of written RECEIVED and updated by the validation stage (on a national day
 * that update was a new version of every claim and line row, issue 8). A claim this cannot decide (a rule's code
 * throws on it) is written RECEIVED, and the validation stage's route decides it as before.
 */
public interface ValidationInHand {

    /** A claim's outcome, with each stored line's status and penalty and the reasons found. */
    record Decision(String status, BigDecimal acceptedBilled, LocalDate acceptedFirstCare,
            Map<Integer, LineDecision> lines, List<Issue> issues) {
    }

    record LineDecision(String status, BigDecimal penaltyPct) {
    }

    /**
     * The decisions for one batch, by index in the batch, the counts the validation metrics take (by
     * "regime|outcome" and "regime|first reason"), the duplicate-care keys the batch's lines claimed, written
     * after the claims they refer to (null: none), the accepted claims to hand to the flagging stage once
     * committed, and whether the cares already held were read (see {@link #decide}).
     */
    record Decided(Map<Integer, Decision> decisions, Map<String, Long> outcomes, Map<String, Long> reasons,
            CopyIn careKeys, List<IntakeHandover.HeldClaim> accepted, boolean heldCaresRead) {
    }

    /**
     * Decides the batch's claims not refused at intake; {@code ids[i]} is the id {@code claims.get(i)} will be written
     * with. Must be followed, in the same transaction, by the writing of these claims and then {@link #written}.
     * At most {@code hold} accepted claims are returned to be handed over. Without {@code readHeldCares} the cares
     * already accepted are not read: a line repeating one then fails the transaction on the duplicate-care key
     * ({@link org.springframework.dao.ConcurrencyFailureException}), and the caller runs it again reading them.
     */
    Decided decide(long submissionId, List<ReceivedClaim> claims, long[] ids, int hold, boolean readHeldCares);

    /** How many accepted claims of a file are worth collecting for the hand-over (0: none). */
    int handoverCapacity();

    /** The batch's claims are written: writes what refers to them (the duplicate-care keys they claimed). */
    void written(Decided decided);

    /**
     * The file's claims are all written, same transaction: the submission becomes DONE if no claim waits for the
     * validation route. Returns true if it did.
     */
    boolean complete(long submissionId);

    /**
     * After intake's commit: the metrics, the file-drop receipt if the submission is done, and the accepted claims
     * handed to the flagging stage.
     */
    void committed(long submissionId, boolean completed, Map<String, Long> outcomes, Map<String, Long> reasons,
            List<IntakeHandover.HeldClaim> accepted);
}
