package ma.cnss.claims.shared;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A stage's work done on claims another stage already holds, inside that stage's transaction: the flagging stage
 * hands each batch of accepted claims to the FHIR encoding and, for the claims it releases, to pricing. The claim
 * row is then updated once for the three stages instead of once per stage: on a national day each such update is
 * a new row version and an entry in every index of the claim table (issue 8). The stage's own route still takes
 * whatever this did not reach (claims released by a review decision, a claim whose encoding failed, a stage
 * switched off), from the marker column left empty.
 */
public interface ClaimsInHand {

    /** The claim column (a timestamp) the holder sets to now() for the claims {@link #workOn} completed. */
    String doneMarker();

    /**
     * Does this stage's work for claims locked by the caller, in the caller's transaction, without setting
     * {@link #doneMarker()}. {@code accepted}: the batch, accepted by validation; {@code released}: those of them
     * released to settlement (no flag); {@code lines}: their accepted lines, by claim, as the holder read them;
     * {@code held}: those of them intake handed over, as it decided them ({@link IntakeHandover}). Returns the ids
     * of the claims whose work is done; a claim this step fails on is left out (and recorded as its own route would
     * record it).
     */
    Collection<Long> workOn(List<Long> accepted, List<Long> released, Map<Long, List<AcceptedLine>> lines,
            Map<Long, IntakeHandover.HeldClaim> held);

    /** After the holder's transaction committed: {@code claims} claims were done by {@link #workOn} in it. */
    default void committed(int claims) {
    }
}
