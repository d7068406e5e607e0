package ma.cnss.claims.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import ma.cnss.claims.fhir.ClaimResponseReceipts;
import ma.cnss.claims.shared.Checksums;
import ma.cnss.claims.intake.ClaimFileIntake;
import ma.cnss.claims.intake.IncomingFile;
import ma.cnss.claims.intake.IntakeOutcome;
import ma.cnss.claims.intake.ReceiptWriter;
import ma.cnss.claims.security.ClinicPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * HTTP API v1 for clinics (contract §4): submit a claim file, follow its status, read its receipt. A clinic sees
 * only its own submissions; another's id answers 404, as an unknown one does.
 */
@RestController
@RequestMapping("/api/v1/submissions")
public class SubmissionController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");
    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final ClaimFileIntake intake;
    private final ReceiptWriter receipts;
    private final ClaimResponseReceipts fhirReceipts;
    private final Path staging;
    private final long maxUploadBytes;
    private final int stageInDatabaseBytes;

    public SubmissionController(ClaimFileIntake intake, ReceiptWriter receipts, ClaimResponseReceipts fhirReceipts,
            @Value("${claims.intake.staging}") String staging,
            @Value("${claims.intake.max-upload-bytes:209715200}") long maxUploadBytes,
            @Value("${claims.intake.stage-in-database-bytes:262144}") int stageInDatabaseBytes) {
        this.stageInDatabaseBytes = (int) Math.min(stageInDatabaseBytes, maxUploadBytes);
        this.intake = intake;
        this.receipts = receipts;
        this.fhirReceipts = fhirReceipts;
        this.staging = Path.of(staging).toAbsolutePath().normalize();
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Body = the file. 202 once the body is durably staged and recorded; claims are stored just after. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> submit(@AuthenticationPrincipal ClinicPrincipal clinic,
            HttpServletRequest request,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(value = "X-File-Name", required = false) String fileName) throws IOException {
        IncomingFile.Format format = format(request.getContentType());
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Idempotency-Key invalide",
                    "Idempotency-Key : 1 à 128 caractères parmi A-Z a-z 0-9 _ . : -");
        }
        if (request.getContentLengthLong() > maxUploadBytes) {
            throw tooLarge();
        }
        Files.createDirectories(staging);
        Path staged = staging.resolve(UUID.randomUUID() + (format == IncomingFile.Format.CSV ? ".csv" : ".json"));
        String checksum;
        long size;
        Staged stagedBody;
        try {
            stagedBody = stage(request.getInputStream(), staged);
            checksum = stagedBody.checksum();
            size = stagedBody.size();
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        IntakeOutcome outcome;
        try {
            outcome = intake.register(new IncomingFile(staged, clinic.submitterInpe(), IncomingFile.Channel.HTTP,
                    format, displayName(fileName), idempotencyKey), checksum, size, stagedBody.inDatabase());
        } catch (RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        if (outcome.alreadyReceived()) {
            Files.deleteIfExists(staged);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submissionId", outcome.submissionId());
        body.put("status", outcome.status());
        body.put("receiptUrl", "/api/v1/submissions/" + outcome.submissionId() + "/receipt");
        body.put("statusUrl", "/api/v1/submissions/" + outcome.submissionId());
        body.put("alreadyReceived", outcome.alreadyReceived());
        return ResponseEntity.accepted().header("Location", "/api/v1/submissions/" + outcome.submissionId())
                .body(body);
    }

    @GetMapping("/{id}")
    public Map<String, Object> status(@AuthenticationPrincipal ClinicPrincipal clinic, @PathVariable long id) {
        Map<String, Object> head = receipts.submission(id, clinic.submitterInpe()).orElseThrow(SubmissionController::notFound);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submissionId", id);
        body.put("status", head.get("status"));
        body.put("format", head.get("format"));
        body.put("channel", head.get("channel"));
        body.put("receivedAt", String.valueOf(head.get("received_at")));
        body.put("completedAt", head.get("completed_at") == null ? null : String.valueOf(head.get("completed_at")));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("received", head.get("claims_received"));
        counts.put("accepted", head.get("claims_accepted"));
        counts.put("rejected", head.get("claims_rejected"));
        counts.put("flagged", head.get("claims_flagged"));
        body.put("counts", counts);
        body.put("receiptUrl", "/api/v1/submissions/" + id + "/receipt");
        return body;
    }

    /** The JSON receipt, streamed from the database. */
    @GetMapping("/{id}/receipt")
    public ResponseEntity<StreamingResponseBody> receipt(@AuthenticationPrincipal ClinicPrincipal clinic,
            @PathVariable long id) {
        receipts.submission(id, clinic.submitterInpe()).orElseThrow(SubmissionController::notFound);
        StreamingResponseBody stream = out -> receipts.write(id, clinic.submitterInpe(), out);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stream);
    }

    /** With {@code Accept: application/fhir+json}: the receipt as a Bundle of ClaimResponse. */
    @GetMapping(value = "/{id}/receipt", produces = "application/fhir+json")
    public ResponseEntity<String> fhirReceipt(@AuthenticationPrincipal ClinicPrincipal clinic, @PathVariable long id) {
        receipts.submission(id, clinic.submitterInpe()).orElseThrow(SubmissionController::notFound);
        return ResponseEntity.ok().contentType(FHIR_JSON).body(fhirReceipts.bundleJson(id));
    }

    private static IncomingFile.Format format(String contentType) {
        if (contentType == null) {
            throw unsupported("aucun Content-Type");
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "text/csv" -> IncomingFile.Format.CSV;
            case "application/fhir+json", "application/json" -> IncomingFile.Format.FHIR;
            case "application/fhir+xml", "application/xml", "text/xml" -> throw unsupported(
                    "le FHIR XML n'est pas accepté, envoyez un Bundle en application/fhir+json");
            case "application/zip", "application/gzip", "application/x-gzip", "application/x-tar",
                    "application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed" ->
                    throw unsupported("les archives ne sont pas acceptées, envoyez le fichier lui-même");
            default -> throw unsupported("« " + (type.length() > 60 ? type.substring(0, 60) : type) + " »");
        };
    }

    private static ApiProblem unsupported(String why) {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Type de contenu non accepté",
                "Content-Type text/csv ou application/fhir+json attendu : " + why + ".");
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Fichier trop volumineux",
                "Le fichier dépasse " + maxUploadBytes + " octets ; découpez-le en plusieurs fichiers.");
    }

    private static ApiProblem notFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Introuvable",
                "Aucune soumission de ce déposant ne porte cet identifiant.");
    }

    /** The staged body's checksum and size; {@code inDatabase} holds a small body, to be staged in PostgreSQL. */
    private record Staged(String checksum, long size, byte[] inDatabase) {
    }

    /**
     * Reads the body with its SHA-256, refusing archives and bodies over the limit. A body of at most
     * {@code claims.intake.stage-in-database-bytes} stays in memory and is staged in PostgreSQL with its
     * submission row (one commit, no file); a larger one is copied to {@code target} and fsynced.
     */
    private Staged stage(InputStream body, Path target) throws IOException {
        byte[] small = body.readNBytes(stageInDatabaseBytes + 1);
        if (small.length > 0) {
            rejectArchives(small, small.length);
        }
        if (small.length <= stageInDatabaseBytes) {
            if (small.length == 0) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "Corps vide",
                        "Le corps de la requête doit être le fichier.");
            }
            return new Staged(Checksums.sha256(small), small.length, small);
        }
        return stageOnDisk(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(small), body), target);
    }

    /** Copies the body to disk with its SHA-256, refusing archives and bodies over the limit; fsyncs it. */
    private Staged stageOnDisk(InputStream body, Path target) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
                DigestOutputStream out = new DigestOutputStream(file, sha256)) {
            int read;
            boolean first = true;
            while ((read = body.read(buffer)) != -1) {
                if (first && read > 0) {
                    rejectArchives(buffer, read);
                    first = false;
                }
                size += read;
                if (size > maxUploadBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
        }
        if (size == 0) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Corps vide", "Le corps de la requête doit être le fichier.");
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true); // durable before the submission row points at it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Staged(HexFormat.of().formatHex(sha256.digest()), size, null);
    }

    private static void rejectArchives(byte[] start, int length) {
        boolean zip = length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;
        boolean gzip = length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
        boolean sevenZip = length >= 4 && start[0] == '7' && start[1] == 'z' && (start[2] & 0xff) == 0xbc
                && (start[3] & 0xff) == 0xaf;
        boolean rar = length >= 4 && start[0] == 'R' && start[1] == 'a' && start[2] == 'r' && start[3] == '!';
        if (zip || gzip || sevenZip || rar) {
            throw unsupported("les archives (zip, gzip, 7z, rar) ne sont pas acceptées, envoyez le fichier lui-même");
        }
    }

    /** The submitter's name for the file: shown in receipts, never used as a path. */
    private static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String cleaned = name.replaceAll("[\\p{Cntrl}]", "").replace('\\', '/');
        cleaned = cleaned.substring(cleaned.lastIndexOf('/') + 1);
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }
}
