package ma.cnss.claims.intake;

import ma.cnss.claims.shared.ReasonCode;

/** The file cannot be read at all (not UTF-8, not CSV, wrong header...): it is refused whole, nothing of it kept. */
public class ClaimFileRefusedException extends RuntimeException {

    private final ReasonCode reason;
    private final Integer line;

    public ClaimFileRefusedException(ReasonCode reason, Integer line, String messageFr) {
        super(messageFr);
        this.reason = reason;
        this.line = line;
    }

    public ReasonCode reason() {
        return reason;
    }

    /** The physical line of the file where reading failed, or null when it concerns the whole file. */
    public Integer line() {
        return line;
    }
}
