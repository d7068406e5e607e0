package ma.cnss.claims.camel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ma.cnss.claims.intake.ReceiptOutbox;
import ma.cnss.claims.shared.CrashPoints;
import java.util.regex.Pattern;
import ma.cnss.claims.intake.ClaimFileIntake;
import ma.cnss.claims.intake.IncomingFile;
import ma.cnss.claims.intake.IntakeOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Between the Camel file consumer and the intake: the inbox holds one folder per submitter INPE; the file's
 * destination after processing (archive or failed) is set in the {@value #MOVE_TO} header that the route's
 * {@code move} option reads. A technical failure throws, so the file stays in the inbox and is taken again.
 */
@Component("fileDrop")
public class FileDropAdapter {

    public static final String MOVE_TO = "claimsMoveTo";
    private static final Pattern INPE = Pattern.compile("^[0-9]{1,20}$");

    private final ClaimFileIntake intake;
    private final CrashPoints crashPoints;
    private final ReceiptOutbox outbox;
    private final Path archive;
    private final Path failed;

    public FileDropAdapter(ClaimFileIntake intake, ReceiptOutbox outbox, CrashPoints crashPoints,
            @Value("${claims.intake.archive}") String archive, @Value("${claims.intake.failed}") String failed) {
        this.intake = intake;
        this.crashPoints = crashPoints;
        this.outbox = outbox;
        this.archive = Path.of(archive).toAbsolutePath().normalize();
        this.failed = Path.of(failed).toAbsolutePath().normalize();
    }

    /** Called by route {@code intake-file-drop} for each complete file found in the inbox. */
    @Handler
    public void receive(Exchange exchange) throws IOException {
        File file = exchange.getIn().getBody(File.class);
        crashPoints.after("intake.file-taken");
        String submitter = file.getParentFile().getName();
        String name = file.getName();
        if (Files.isSymbolicLink(file.toPath())) {
            // a link may point anywhere on the machine: never read through it (R16)
            refuse(exchange, INPE.matcher(submitter).matches() ? submitter : "_", name,
                    "Fichier « " + safe(name) + " » : lien symbolique refusé ; déposez le fichier lui-même.");
            return;
        }
        if (!INPE.matcher(submitter).matches()) {
            refuse(exchange, submitter, name, "Dossier de dépôt « " + submitter
                    + " » : le nom du dossier doit être l'INPE du déposant (chiffres).");
            return;
        }
        IncomingFile.Format format = name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? IncomingFile.Format.FHIR : IncomingFile.Format.CSV;
        IntakeOutcome outcome = intake.receive(new IncomingFile(file.toPath(), submitter,
                IncomingFile.Channel.FILE, format, name, null));
        exchange.getIn().setHeader("claimsSubmissionId", outcome.submissionId());
        outbox.writeIfFileDrop(outcome.submissionId()); // else written when validation finishes the submission
        if (outcome.refused()) {
            refuse(exchange, submitter, outcome.submissionId() + "-" + name, "Soumission " + outcome.submissionId()
                    + " refusée (" + outcome.refusal().reason() + ") : " + outcome.refusal().getMessage());
        } else {
            exchange.getIn().setHeader(MOVE_TO,
                    archive.resolve(submitter).resolve(outcome.submissionId() + "-" + safe(name)).toString());
        }
    }

    private void refuse(Exchange exchange, String folder, String targetName, String reason) throws IOException {
        Path target = failed.resolve(safe(folder)).resolve(safe(targetName));
        Files.createDirectories(target.getParent());
        Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"), reason + "\n",
                StandardCharsets.UTF_8);
        exchange.getIn().setHeader(MOVE_TO, target.toString());
    }

    private static String safe(String name) {
        return ReceiptOutbox.safe(name);
    }
}
