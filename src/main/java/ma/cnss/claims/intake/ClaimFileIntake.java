package ma.cnss.claims.intake;

import ma.cnss.claims.shared.CrashPoints;
import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import ma.cnss.claims.shared.Checksums;
import ma.cnss.claims.shared.LostRaces;
import ma.cnss.claims.shared.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import ma.cnss.claims.platform.DataSources;

/**
 * Receives claim files. A file's submission, claims and lines are stored in one transaction, so a crash leaves
 * either nothing or all of the file, and the same file from the same submitter (same SHA-256) is one submission.
 * Claims are read as a stream and written in batches: memory does not grow with the file.
 *
 * <p>Two ways in: {@link #receive} for a file already on disk (file drop), and {@link #register} then
 * {@link #processStagedBatch} for HTTP, where the body is staged on disk and recorded as RECEIVED before the
 * client gets its 202, and a worker stores its claims afterwards.
 */
@Service
public class ClaimFileIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFileIntake.class);

    private final SubmissionStore store;
    private final TransactionTemplate transaction;
    // registering an HTTP submission runs on the front door's pool (see DataSources)
    private final SubmissionStore frontDoorStore;
    private final TransactionTemplate frontDoorTransaction;
    private final CrashPoints crashPoints;
    private final List<IntakeListener> listeners;
    private final FhirContext fhir;
    private final int batchSize;
    private final long maxRowsPerFile;
    private final int maxBundleEntries;
    private final int maxAttempts;
    private final int stagedPerTransaction;
    private final long largeBodyBytes;
    private final ValidationInHand validation;

    public ClaimFileIntake(SubmissionStore store, TransactionTemplate transaction, CrashPoints crashPoints,
            List<IntakeListener> listeners, ValidationInHand validation,
            FhirContext fhir, @Value("${claims.intake.batch-size:1000}") int batchSize,
            @Value("${claims.intake.max-rows-per-file:5000000}") long maxRowsPerFile,
            @Value("${claims.intake.max-bundle-entries:20000}") int maxBundleEntries,
            @Value("${claims.intake.max-attempts:5}") int maxAttempts,
            @Value("${claims.intake.staged-per-transaction:50}") int stagedPerTransaction,
            @Value("${claims.intake.stage-in-database-bytes:262144}") long largeBodyBytes,
            @Qualifier(DataSources.FRONT_DOOR) JdbcTemplate frontDoorJdbc,
            @Qualifier(DataSources.FRONT_DOOR) TransactionTemplate frontDoorTransaction) {
        this.store = store;
        this.frontDoorStore = new SubmissionStore(frontDoorJdbc);
        this.frontDoorTransaction = frontDoorTransaction;
        this.transaction = transaction;
        this.crashPoints = crashPoints;
        this.listeners = listeners;
        this.fhir = fhir;
        this.batchSize = batchSize;
        this.maxRowsPerFile = maxRowsPerFile;
        this.maxBundleEntries = maxBundleEntries;
        this.maxAttempts = maxAttempts;
        this.stagedPerTransaction = stagedPerTransaction;
        this.largeBodyBytes = largeBodyBytes;
        this.validation = validation;
    }

    /** Thrown when an Idempotency-Key is presented again with another body. */
    public static class IdempotencyConflictException extends RuntimeException {
        private final long submissionId;

        public IdempotencyConflictException(long submissionId) {
            super("Idempotency-Key already used for submission " + submissionId + " with a different body");
            this.submissionId = submissionId;
        }

        public long submissionId() {
            return submissionId;
        }
    }

    /** A file on disk (file drop): stored and processed at once. Technical failures throw and store nothing. */
    public IntakeOutcome receive(IncomingFile file) {
        String checksum = Checksums.sha256(file.path());
        long size = size(file.path());
        Optional<SubmissionStore.StoredSubmission> known = store.findByChecksum(file.submitterInpe(), checksum);
        if (known.isPresent()) {
            LOG.info("File already received as submission {}: nothing new stored", known.get().id());
            return alreadyReceived(known.get());
        }
        IntakeOutcome outcome;
        Counts counts;
        try {
            int[] attempts = {0};
            StoredFile stored = LostRaces.retried("A file from submitter " + file.submitterInpe(), () -> {
                Counts attempt = new Counts();
                // a file's first attempt does not read which of its cares are held already: the primary key of
                // accepted_care refuses a held one, and the next attempt reads them (0.5 s of a national day's
                // database time for files that hold none, one attempt more for a file that does)
                attempt.readHeldCares = attempts[0]++ > 0;
                return new StoredFile(transaction.execute(status -> {
                    Optional<Long> inserted = store.insertSubmission(file, checksum, size, "PROCESSING", null);
                    if (inserted.isEmpty()) { // the same file was stored concurrently and committed first
                        return alreadyReceived(store.findByChecksum(file.submitterInpe(), checksum).orElseThrow());
                    }
                    return storeClaims(inserted.get(), file, null, attempt);
                }), attempt);
            });
            outcome = stored.outcome();
            counts = stored.counts();
        } catch (ClaimFileRefusedException refusal) {
            counts = new Counts();
            outcome = transaction.execute(status -> {
                Optional<Long> inserted = store.insertSubmission(file, checksum, size, "PROCESSING", null);
                if (inserted.isEmpty()) {
                    return alreadyReceived(store.findByChecksum(file.submitterInpe(), checksum).orElseThrow());
                }
                store.recordFailure(inserted.get(), refusal);
                return refused(inserted.get(), refusal);
            });
        }
        crashPoints.after("intake.claims-stored");
        announce(file, outcome);
        validated(outcome, counts);
        return outcome;
    }

    /**
     * Records a staged HTTP body as a RECEIVED submission (durable before the 202), or returns the submission that
     * the same body or the same Idempotency-Key already made. The caller deletes the staged file when
     * {@code alreadyReceived} is true.
     */
    public IntakeOutcome register(IncomingFile staged, String checksum, long size) {
        return register(staged, checksum, size, null);
    }

    /**
     * Registers an HTTP body staged on disk, or, when {@code body} is given, a small body kept in PostgreSQL with
     * its submission row (nothing on disk, ever: the worker reads it from the database; {@code staged.path()} only
     * names it).
     */
    public IntakeOutcome register(IncomingFile staged, String checksum, long size, byte[] body) {
        IntakeOutcome outcome = frontDoorTransaction.execute(status -> {
            Optional<SubmissionStore.StoredSubmission> byKey = staged.idempotencyKey() == null ? Optional.empty()
                    : frontDoorStore.findByIdempotencyKey(staged.submitterInpe(), staged.idempotencyKey());
            if (byKey.isPresent()) {
                if (!byKey.get().checksum().equals(checksum)) {
                    throw new IdempotencyConflictException(byKey.get().id());
                }
                return alreadyReceived(byKey.get());
            }
            Optional<SubmissionStore.StoredSubmission> byContent = frontDoorStore.findByChecksum(staged.submitterInpe(), checksum);
            if (byContent.isPresent()) {
                return alreadyReceived(byContent.get());
            }
            Optional<Long> inserted = frontDoorStore.insertSubmission(staged, checksum, size, "RECEIVED",
                    staged.path().toString());
            if (inserted.isPresent()) {
                if (body != null) {
                    frontDoorStore.stageBody(inserted.get(), body);
                }
                return new IntakeOutcome(inserted.get(), false, "RECEIVED", 0, 0, 0, null, Map.of(), Map.of());
            }
            // a concurrent twin committed first (same key or same content): look again, it is there now
            status.setRollbackOnly();
            return null;
        });
        if (outcome == null) {
            return register(staged, checksum, size, body);
        }
        crashPoints.after("intake.http-staged");
        return outcome;
    }

    /**
     * Takes up to {@code claims.intake.staged-per-transaction} staged submissions no other worker holds, oldest
     * first, and stores their claims in one transaction. Returns how many it took, 0 when there was nothing to do.
     * Several instances may call this concurrently: the row locks decide who works.
     *
     * <p>Why together: a clinic's single-claim submits arrive one by one, and each stored alone cost two synchronous
     * commits on top of the front door's own. Those commits queue behind the same WAL flushes as the front door's,
     * which is the tail of the clinics' response time (issue 8). A batch commits twice, whatever its size.
     *
     * <p>If anything in the shared transaction fails, a refused file or a technical error, it rolls back whole and
     * each submission is then taken alone, as before: a refused file is recorded with its reason, and a file that
     * fails technically counts its attempt without holding back the others. A large body (over
     * {@code claims.intake.stage-in-database-bytes}) is always stored alone, after the small ones: a file of a
     * million claims takes minutes, and the single-claim submits taken with it would wait for its commit.
     */
    public int processStagedBatch() {
        List<SubmissionStore.Claimed> claimed = transaction.execute(status -> store.claimStaged(stagedPerTransaction));
        if (claimed.isEmpty()) {
            return 0;
        }
        List<SubmissionStore.Claimed> toStore = new ArrayList<>(claimed.size());
        List<SubmissionStore.Claimed> large = new ArrayList<>();
        for (SubmissionStore.Claimed submission : claimed) {
            if (submission.attempts() > maxAttempts) {
                quarantine(submission.id());
            } else {
                (submission.byteSize() > largeBodyBytes ? large : toStore).add(submission);
            }
        }
        // each large body is taken even if the small ones failed: all were charged an attempt when claimed
        RuntimeException failure = storeTogether(toStore);
        failure = storeEachAlone(large, failure);
        if (failure != null) {
            throw failure;
        }
        return claimed.size();
    }

    /** Stores the submissions in one transaction, or each alone if that fails; returns a technical failure. */
    private RuntimeException storeTogether(List<SubmissionStore.Claimed> toStore) {
        if (toStore.size() <= 1) {
            return storeEachAlone(toStore, null);
        }
        List<StoredStaged> stored;
        try {
            stored = transaction.execute(status -> {
                List<StoredStaged> done = new ArrayList<>(toStore.size());
                for (SubmissionStore.Claimed submission : toStore) {
                    if (store.lockIfProcessing(submission.id())) {
                        done.add(storeStaged(submission));
                    }
                }
                return done;
            });
        } catch (RuntimeException sharedFailure) {
            LOG.info("A batch of {} staged submissions failed together ({}): each is taken alone", toStore.size(),
                    sharedFailure.getClass().getSimpleName());
            return storeEachAlone(toStore, null);
        }
        stored.forEach(this::afterStagedCommit);
        return null;
    }

    /**
     * Each in a transaction of its own, whatever one of them does; returns the first technical failure. Stops at
     * once if the database cannot be reached: trying the rest would wait for a connection twice per submission
     * (the pool's timeout), and they are taken again at the next poll anyway.
     */
    private RuntimeException storeEachAlone(List<SubmissionStore.Claimed> submissions, RuntimeException earlier) {
        RuntimeException failure = earlier;
        for (SubmissionStore.Claimed submission : submissions) {
            try {
                storeStagedAlone(submission);
            } catch (RuntimeException technical) {
                failure = failure == null ? technical : failure;
                if (databaseUnreachable(technical)) {
                    return failure;
                }
            }
        }
        return failure;
    }

    private record StoredFile(IntakeOutcome outcome, Counts counts) {
    }

    private static boolean databaseUnreachable(RuntimeException failure) {
        return failure instanceof org.springframework.transaction.CannotCreateTransactionException
                || failure instanceof org.springframework.dao.DataAccessResourceFailureException;
    }

    private record StoredStaged(IncomingFile file, IntakeOutcome outcome, Counts counts) {
    }

    /** Stores the claims of a staged submission this transaction holds. */
    private StoredStaged storeStaged(SubmissionStore.Claimed submission) {
        Counts counts = new Counts();
        // a body staged in PostgreSQL is read from memory: no file written and read back per request
        Optional<byte[]> body = store.stagedBody(submission.id());
        IntakeOutcome outcome = storeClaims(submission.id(), submission.file(), body.orElse(null), counts);
        return new StoredStaged(submission.file(), outcome, counts);
    }

    /** One staged submission in a transaction of its own: a refusal is recorded, a technical failure counted. */
    private void storeStagedAlone(SubmissionStore.Claimed submission) {
        long id = submission.id();
        StoredStaged stored;
        try {
            stored = LostRaces.retried("Submission " + id, () -> transaction.execute(
                    status -> store.lockIfProcessing(id) ? storeStaged(submission) : null));
        } catch (ClaimFileRefusedException refusal) {
            IntakeOutcome outcome = transaction.execute(status -> {
                store.recordFailure(id, refusal);
                return refused(id, refusal);
            });
            stored = new StoredStaged(submission.file(), outcome, new Counts());
        } catch (RuntimeException technical) {
            transaction.executeWithoutResult(status -> store.recordAttemptError(id, technical.getClass().getSimpleName()));
            throw technical;
        }
        if (stored != null) {
            afterStagedCommit(stored);
        }
    }

    private void quarantine(long id) {
        ClaimFileRefusedException poison = new ClaimFileRefusedException(ReasonCode.FILE_NOT_CSV, null,
                "Traitement abandonné après " + maxAttempts + " tentatives (erreur technique) ; "
                        + "contactez le support CNSS avec le numéro de soumission " + id + ".");
        transaction.executeWithoutResult(status -> store.recordFailure(id, poison));
        LOG.error("Submission {} quarantined after {} attempts", id, maxAttempts);
    }

    private void afterStagedCommit(StoredStaged stored) {
        crashPoints.after("intake.claims-stored");
        announce(stored.file(), stored.outcome());
        validated(stored.outcome(), stored.counts());
        deleteStaged(stored.file().path());
    }

    private void announce(IncomingFile file, IntakeOutcome outcome) {
        if (outcome.alreadyReceived()) {
            return;
        }
        listeners.forEach(listener -> listener.fileStored(file, outcome));
        LOG.info("Submission {} from channel {}: status {}, {} claims received, {} accepted at intake, {} refused",
                outcome.submissionId(), file.channel(), outcome.status(), outcome.claimsReceived(),
                outcome.claimsAccepted(), outcome.claimsRejected());
    }

    private ClaimSource open(IncomingFile file, InputStream input) {
        return file.format() == IncomingFile.Format.FHIR
                ? new FhirBundleClaimSource(input, fhir, maxBundleEntries)
                : new CsvClaimSource(input, maxRowsPerFile);
    }

    /** After the commit: what validation decided in intake's transaction reaches its metrics. */
    private void validated(IntakeOutcome outcome, Counts counts) {
        if (!outcome.alreadyReceived()) {
            validation.committed(outcome.submissionId(), counts.completed, counts.outcomes, counts.reasons,
                    counts.handedOver);
        }
    }

    /**
     * The claims of a file, read from {@code body} when given, else from the file's path; {@code counts} is filled
     * as they are stored.
     */
    private IntakeOutcome storeClaims(long submissionId, IncomingFile file, byte[] body, Counts counts) {
        String status;
        try (InputStream input = body != null ? new java.io.ByteArrayInputStream(body)
                : Files.newInputStream(file.path());
                ClaimSource source = open(file, input)) {
            List<ReceivedClaim> batch = new ArrayList<>(batchSize);
            ReceivedClaim claim;
            while ((claim = source.next()) != null) {
                batch.add(claim);
                if (batch.size() >= batchSize) {
                    flush(submissionId, file.submitterInpe(), batch, counts);
                    batch.clear();
                }
            }
            flush(submissionId, file.submitterInpe(), batch, counts);
            status = store.complete(submissionId, source.rowsRead(), counts.received, counts.accepted,
                    counts.rejected);
            if (status.equals("PROCESSING") && validation.complete(submissionId)) {
                counts.completed = true;
                status = "DONE";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IntakeOutcome(submissionId, false, status, counts.received, counts.accepted, counts.rejected, null,
                counts.byRegime, counts.byReason);
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
                        "La demande « " + claim.claimRef() + " » (ligne ou entrée " + claim.fileLine()
                                + ") a déjà été reçue de ce déposant."));
                batch.set(i, claim);
            }
        }
        long[] ids = store.nextClaimIds(batch.size());
        ValidationInHand.Decided decided = validation.decide(submissionId, batch, ids,
                validation.handoverCapacity() - counts.handedOver.size(), counts.readHeldCares);
        store.insertClaims(submissionId, submitterInpe, batch, ids, decided.decisions());
        validation.written(decided);
        counts.handedOver.addAll(decided.accepted());
        decided.outcomes().forEach((key, n) -> counts.outcomes.merge(key, n, Long::sum));
        decided.reasons().forEach((key, n) -> counts.reasons.merge(key, n, Long::sum));
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

    private static IntakeOutcome refused(long id, ClaimFileRefusedException refusal) {
        return new IntakeOutcome(id, false, "FAILED", 0, 0, 0, refusal, Map.of(), Map.of());
    }

    private static IntakeOutcome alreadyReceived(SubmissionStore.StoredSubmission known) {
        return new IntakeOutcome(known.id(), true, known.status(), 0, 0, 0, null, Map.of(), Map.of());
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteStaged(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete a processed staged body: {}", e.getMessage());
        }
    }

    private static final class Counts {
        long received;
        long accepted;
        long rejected;
        final Map<String, Long> byRegime = new TreeMap<>();
        final Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
        // decided by validation in intake's transaction
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, Long> reasons = new TreeMap<>();
        boolean completed;
        boolean readHeldCares = true;
        // the accepted claims, as validation decided them, for the flagging stage (up to the hand-over's capacity)
        final List<ma.cnss.claims.shared.IntakeHandover.HeldClaim> handedOver = new ArrayList<>();
    }
}
