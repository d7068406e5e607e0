package ma.cnss.claims.shared;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Named crash points (reliability test R2): each durable step of the pipeline calls {@link #after(String)} right
 * after it committed. With {@code claims.crash-at=<name>} set, the process halts there at once, as under kill -9
 * (no shutdown hook, no rollback of what was committed), so that a restart has to recover from exactly that state.
 * Unset in production: a no-op.
 */
@Component
public class CrashPoints {

    /** Every named point, in pipeline order. */
    public static final List<String> ALL = List.of(
            "intake.file-taken",          // a dropped file was picked up, nothing stored yet
            "intake.claims-stored",       // a file's submission, claims and lines committed, file still in the inbox
            "intake.http-staged",         // an HTTP body staged and its submission committed, no 202 sent yet
            "validation.batch-committed", // a batch of claims decided
            "fhir.batch-committed",       // a batch of claims encoded
            "flagging.batch-committed",   // a batch of claims flagged and released or held for review
            "review.decision",            // an adjuster's decision committed, no answer sent yet
            "settlement.priced",          // every released line priced
            "settlement.sealed",          // a payment batch sealed and booked in the ledger, no file yet
            "settlement.file-written");   // a payment file written, its batch not yet marked exported

    private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);

    private final String crashAt;
    private volatile Consumer<String> hook = step -> { };

    public CrashPoints(@Value("${claims.crash-at:${claims.settlement.crash-at:}}") String crashAt) {
        this.crashAt = crashAt.isBlank() ? "" : crashAt.startsWith("settlement.") || crashAt.contains(".")
                ? crashAt : "settlement." + crashAt;
        if (!this.crashAt.isEmpty()) {
            if (!ALL.contains(this.crashAt)) {
                throw new IllegalArgumentException("claims.crash-at=" + crashAt + " is not a crash point; known: "
                        + ALL);
            }
            LOG.warn("claims.crash-at={} is set: the process will halt after that step (fault injection)",
                    this.crashAt);
        }
    }

    /** Marks the end of a durable step. */
    public void after(String step) {
        hook.accept(step);
        if (step.equals(crashAt)) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** In-process tests observe (or interrupt by throwing) the steps instead of halting the JVM. */
    public void hook(Consumer<String> observer) {
        this.hook = observer == null ? step -> { } : observer;
    }
}
