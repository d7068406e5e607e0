package ma.cnss.claims.shared;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * A transaction that lost a race with another writer (a care key claimed since it was read, a deadlock, a lock it
 * could not get), or that found a care held it had chosen not to read, rolled back whole, so it is run again at
 * once: the next attempt reads what the winner committed.
 * Such a race is expected when two files hold the same care; it is logged on one line instead of reaching a route's
 * error handler as a failed delivery with a stack trace. Still losing after {@value #ATTEMPTS} attempts, the failure
 * goes up as before and the work is taken again at its next poll.
 */
public final class LostRaces {

    public static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(LostRaces.class);

    private LostRaces() {
    }

    /** {@code transaction}'s result; {@code what} names the work in the log by ids only (a submission, a stage). */
    public static <T> T retried(String what, Supplier<T> transaction) {
        for (int attempt = 1;; attempt++) {
            try {
                return transaction.get();
            } catch (ConcurrencyFailureException lost) {
                if (attempt >= ATTEMPTS) {
                    throw lost;
                }
                LOG.info("{} must be taken again ({}): rolled back, attempt {} of {}", what,
                        lost.getClass().getSimpleName(), attempt + 1, ATTEMPTS);
            }
        }
    }
}
