package ma.cnss.claims.intake;

import java.util.Map;
import ma.cnss.claims.shared.ReasonCode;

/**
 * What became of one file at intake.
 *
 * @param alreadyReceived true when the same file (submitter + checksum) had been received before: nothing new stored
 * @param refusal         set when the file could not be read at all and was refused whole
 * @param receivedByRegime claims newly stored, by regime ("UNKNOWN" when unreadable)
 * @param rejectedByReason claims refused at intake, by their first reason
 */
public record IntakeOutcome(long submissionId, boolean alreadyReceived, String status, long claimsReceived,
        long claimsAccepted, long claimsRejected, ClaimFileRefusedException refusal,
        Map<String, Long> receivedByRegime, Map<ReasonCode, Long> rejectedByReason) {

    public boolean refused() {
        return refusal != null;
    }
}
