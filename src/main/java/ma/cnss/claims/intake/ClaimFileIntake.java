package ma.cnss.claims.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;
import ma.cnss.claims.shared.Checksums;
import ma.cnss.claims.shared.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives one claim file: stores the submission, every claim and every line in one transaction, so a crash leaves
 * either nothing or all of the file, and a file received twice (same submitter, same SHA-256) is one submission.
 * Claims are read as a stream and written in batches: memory does not grow with the file.
 */
@Service
public class ClaimFileIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFileIntake.class);

    private final SubmissionStore store;
    private final TransactionTemplate transaction;
    private final List<IntakeListener> listeners;
    private final int batchSize;
    private final long maxRowsPerFile;

    public ClaimFileIntake(SubmissionStore store, TransactionTemplate transaction, List<IntakeListener> listeners,
            @Value("${claims.intake.batch-size:1000}") int batchSize,
            @Value("${claims.intake.max-rows-per-file:5000000}") long maxRowsPerFile) {
        this.store = store;
        this.transaction = transaction;
        this.listeners = listeners;
        this.batchSize = batchSize;
        this.maxRowsPerFile = maxRowsPerFile;
    }

    /** Receives the file; returns what became of it. Technical failures (database down) throw and store nothing. */
    public IntakeOutcome receive(IncomingFile file) {
        String checksum = Checksums.sha256(file.path());
        long size = size(file);
        Optional<SubmissionStore.StoredSubmission> known = store.findByChecksum(file.submitterInpe(), checksum);
        if (known.isPresent()) {
            LOG.info("File already received as submission {}: nothing new stored", known.get().id());
            return alreadyReceived(known.get());
        }
        IntakeOutcome outcome;
        try {
            outcome = transaction.execute(status -> storeAll(file, checksum, size));
        } catch (ClaimFileRefusedException refusal) {
            outcome = transaction.execute(status -> storeRefusal(file, checksum, size, refusal));
        }
        if (!outcome.alreadyReceived()) {
            IntakeOutcome stored = outcome;
            listeners.forEach(listener -> listener.fileStored(file, stored));
            LOG.info("Submission {} from channel {}: status {}, {} claims received, {} accepted at intake, {} refused",
                    outcome.submissionId(), file.channel(), outcome.status(), outcome.claimsReceived(),
                    outcome.claimsAccepted(), outcome.claimsRejected());
        }
        return outcome;
    }

    private IntakeOutcome storeAll(IncomingFile file, String checksum, long size) {
        Optional<Long> inserted = store.insertSubmission(file, checksum, size, "PROCESSING");
        if (inserted.isEmpty()) { // the same file was stored concurrently and committed first
            return alreadyReceived(store.findByChecksum(file.submitterInpe(), checksum).orElseThrow());
        }
        long submissionId = inserted.get();
        Counts counts = new Counts();
        try (InputStream input = Files.newInputStream(file.path());
                CsvClaimFileReader reader = new CsvClaimFileReader(input, maxRowsPerFile)) {
            List<ReceivedClaim> batch = new ArrayList<>(batchSize);
            List<CsvRow> rows;
            while ((rows = reader.nextClaimRows()) != null) {
                batch.add(CsvClaimParser.parse(rows));
                if (batch.size() >= batchSize) {
                    flush(submissionId, file.submitterInpe(), batch, counts);
                    batch.clear();
                }
            }
            flush(submissionId, file.submitterInpe(), batch, counts);
            store.complete(submissionId, reader.rowsRead(), counts.received, counts.accepted, counts.rejected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IntakeOutcome(submissionId, false, "DONE", counts.received, counts.accepted, counts.rejected, null,
                counts.byRegime, counts.byReason);
    }

    private IntakeOutcome storeRefusal(IncomingFile file, String checksum, long size,
            ClaimFileRefusedException refusal) {
        Optional<Long> inserted = store.insertSubmission(file, checksum, size, "PROCESSING");
        if (inserted.isEmpty()) {
            return alreadyReceived(store.findByChecksum(file.submitterInpe(), checksum).orElseThrow());
        }
        store.recordFailure(inserted.get(), refusal);
        return new IntakeOutcome(inserted.get(), false, "FAILED", 0, 0, 0, refusal, Map.of(), Map.of());
    }

    private void flush(long submissionId, String submitterInpe, List<ReceivedClaim> batch, Counts counts) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> refs = new ArrayList<>(batch.size());
        batch.forEach(claim -> refs.add(claim.claimRef()));
        Set<String> known = store.alreadyKnownRefs(submitterInpe, refs);
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            ReceivedClaim claim = batch.get(i);
            if (!claim.refused() && (known.contains(claim.claimRef()) || !inBatch.add(claim.claimRef()))) {
                claim = claim.withIssue(new Issue(null, claim.fileLine(), "claim_ref", ReasonCode.DUPLICATE,
                        "Ligne " + claim.fileLine() + ", colonne claim_ref : la demande « " + claim.claimRef()
                                + " » a déjà été reçue de ce déposant."));
                batch.set(i, claim);
            }
        }
        long[] ids = store.nextClaimIds(batch.size());
        store.insertClaims(submissionId, submitterInpe, batch, ids);
        for (ReceivedClaim claim : batch) {
            counts.received++;
            counts.byRegime.merge(claim.regime() == null ? "UNKNOWN" : claim.regime(), 1L, Long::sum);
            if (claim.refused()) {
                counts.rejected++;
                counts.byReason.merge(claim.issues().get(0).reason(), 1L, Long::sum);
            } else {
                counts.accepted++;
            }
        }
    }

    private static IntakeOutcome alreadyReceived(SubmissionStore.StoredSubmission known) {
        return new IntakeOutcome(known.id(), true, known.status(), 0, 0, 0, null, Map.of(), Map.of());
    }

    private static long size(IncomingFile file) {
        try {
            return Files.size(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Counts {
        long received;
        long accepted;
        long rejected;
        final Map<String, Long> byRegime = new TreeMap<>();
        final Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
    }
}
