package ma.cnss.claims.intake;

import java.io.Closeable;

/** The claims of one file, read one at a time, whatever the format. */
public interface ClaimSource extends Closeable {

    /** The next claim, or null at the end. Throws {@link ClaimFileRefusedException} when the file is unreadable. */
    ReceivedClaim next();

    /** Data rows (CSV) or Claim entries (FHIR) read so far. */
    long rowsRead();
}
