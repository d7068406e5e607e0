package ma.cnss.claims.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Receipts of file-drop submissions, written once the submission is finished (DONE or FAILED) to
 * {@code outbox/<INPE>/<submission id>-<file name>.receipt.json}: written whole under a temporary name, then renamed.
 */
@Service
public class ReceiptOutbox {

    private final JdbcTemplate jdbc;
    private final ReceiptWriter receipts;
    private final Path outbox;

    public ReceiptOutbox(JdbcTemplate jdbc, ReceiptWriter receipts, @Value("${claims.intake.outbox}") String outbox) {
        this.jdbc = jdbc;
        this.receipts = receipts;
        this.outbox = Path.of(outbox).toAbsolutePath().normalize();
    }

    /** Writes the receipt when the submission came by file drop and is finished; does nothing otherwise. */
    public void writeIfFileDrop(long submissionId) {
        Map<String, Object> head = jdbc.queryForMap("select submitter_inpe, channel, status, file_name from submission "
                + "where id = ?", submissionId);
        String status = (String) head.get("status");
        if (!"FILE".equals(head.get("channel")) || !(status.equals("DONE") || status.equals("FAILED"))) {
            return;
        }
        String submitter = (String) head.get("submitter_inpe");
        String name = head.get("file_name") == null ? "file" : (String) head.get("file_name");
        try {
            Path folder = outbox.resolve(safe(submitter));
            Files.createDirectories(folder);
            Path target = folder.resolve(submissionId + "-" + safe(name) + ".receipt.json");
            Path part = folder.resolve(target.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(part)) {
                receipts.write(submissionId, submitter, out);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names are shown, never trusted as paths. */
    public static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        cleaned = cleaned.startsWith(".") ? "_" + cleaned : cleaned;
        // file systems allow 255 bytes; keep room for an id prefix and a .reason.txt suffix, and the extension
        if (cleaned.length() > MAX_NAME) {
            int dot = cleaned.lastIndexOf('.');
            String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            cleaned = cleaned.substring(0, MAX_NAME - extension.length()) + extension;
        }
        return cleaned;
    }

    private static final int MAX_NAME = 180;
}
