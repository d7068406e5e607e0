package ma.cnss.claims.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.shared.ReasonCode;

/** What the rules found about one claim: reasons for the whole claim, for single lines, and penalties. */
public final class Findings {

    /** A reason; {@code lineNo} null when it concerns the whole claim. */
    public record Finding(Integer lineNo, ReasonCode reason, String location, String messageFr) {
    }

    private final List<Finding> claimRejections = new ArrayList<>();
    private final List<Finding> lineRejections = new ArrayList<>();
    private final List<Finding> notes = new ArrayList<>();
    private final Map<Integer, BigDecimal> penalties = new HashMap<>();

    public void rejectClaim(ReasonCode reason, String location, String messageFr) {
        claimRejections.add(new Finding(null, reason, location, messageFr));
    }

    public void rejectLine(int lineNo, ReasonCode reason, String location, String messageFr) {
        lineRejections.add(new Finding(lineNo, reason, location, messageFr));
    }

    /** Accepted with a late-filing penalty: recorded as a note, the line stays payable. */
    public void penalise(int lineNo, BigDecimal pct, String messageFr) {
        penalties.put(lineNo, pct);
        notes.add(new Finding(lineNo, ReasonCode.LATE_FILING, "service_date", messageFr));
    }

    public boolean claimRejected() {
        return !claimRejections.isEmpty();
    }

    public boolean lineRejected(int lineNo) {
        return lineRejections.stream().anyMatch(f -> f.lineNo() == lineNo);
    }

    public List<Finding> claimRejections() {
        return claimRejections;
    }

    public List<Finding> lineRejections() {
        return lineRejections;
    }

    public List<Finding> notes() {
        return notes;
    }

    public Map<Integer, BigDecimal> penalties() {
        return penalties;
    }

    /** Every reason, claim-level first, in the order found. */
    public List<Finding> all() {
        List<Finding> all = new ArrayList<>(claimRejections);
        all.addAll(lineRejections);
        all.addAll(notes);
        return all;
    }
}
