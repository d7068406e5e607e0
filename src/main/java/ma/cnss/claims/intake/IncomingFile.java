package ma.cnss.claims.intake;

import java.nio.file.Path;

/**
 * A claim file handed to the intake, by the file drop or by HTTP.
 *
 * @param originalName the name the submitter gave it: shown in receipts, never used as a path
 */
public record IncomingFile(Path path, String submitterInpe, Channel channel, Format format, String originalName,
        String idempotencyKey) {

    public enum Channel { FILE, HTTP }

    public enum Format { CSV, FHIR }
}
