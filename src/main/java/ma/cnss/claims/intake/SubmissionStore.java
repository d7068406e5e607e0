package ma.cnss.claims.intake;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ma.cnss.claims.platform.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Submissions, claims, lines and issues in PostgreSQL. Every method runs inside the caller's transaction. */
@Repository
public class SubmissionStore {

    private final JdbcTemplate jdbc;

    public SubmissionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record StoredSubmission(long id, String status, String checksum) {
    }

    /** A staged submission taken by this worker; {@code byteSize} is its body's. */
    public record Claimed(long id, int attempts, long byteSize, IncomingFile file) {
    }

    public Optional<StoredSubmission> findByChecksum(String submitterInpe, String checksum) {
        return jdbc.query("select id, status, checksum_sha256 from submission where submitter_inpe = ? "
                + "and checksum_sha256 = ?", (rs, i) -> new StoredSubmission(rs.getLong(1), rs.getString(2),
                        rs.getString(3)), submitterInpe, checksum).stream().findFirst();
    }

    public Optional<StoredSubmission> findByIdempotencyKey(String submitterInpe, String key) {
        return jdbc.query("select id, status, checksum_sha256 from submission where submitter_inpe = ? "
                + "and idempotency_key = ?", (rs, i) -> new StoredSubmission(rs.getLong(1), rs.getString(2),
                        rs.getString(3)), submitterInpe, key).stream().findFirst();
    }

    /**
     * Inserts the submission unless the same file or the same Idempotency-Key is already there (a concurrent twin
     * may have committed first): empty then.
     */
    public Optional<Long> insertSubmission(IncomingFile file, String checksum, long size, String status,
            String stagedPath) {
        return jdbc.query("""
                insert into submission (submitter_inpe, channel, format, file_name, checksum_sha256, byte_size,
                                        idempotency_key, status, staged_path)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                returning id""",
                (rs, i) -> rs.getLong(1), file.submitterInpe(), file.channel().name(), file.format().name(),
                file.originalName(), checksum, size, file.idempotencyKey(), status, stagedPath).stream().findFirst();
    }

    /**
     * Marks the oldest staged submissions (at most {@code limit}) that no other worker holds as PROCESSING and counts
     * the attempt; in id order. A PROCESSING row left unlocked is one whose worker died: it is taken again.
     */
    public List<Claimed> claimStaged(int limit) {
        List<Claimed> claimed = new ArrayList<>(jdbc.query("""
                update submission set status = 'PROCESSING', attempts = attempts + 1
                where id in (select id from submission
                             where status in ('RECEIVED', 'PROCESSING') and staged_path is not null
                             order by id for update skip locked limit ?)
                returning id, attempts, submitter_inpe, channel, format, file_name, idempotency_key, staged_path,
                          byte_size""",
                (rs, i) -> new Claimed(rs.getLong(1), rs.getInt(2), rs.getLong(9),
                        new IncomingFile(Path.of(rs.getString(8)), rs.getString(3),
                                IncomingFile.Channel.valueOf(rs.getString(4)), IncomingFile.Format.valueOf(rs.getString(5)),
                                rs.getString(6), rs.getString(7))),
                limit));
        claimed.sort(Comparator.comparingLong(Claimed::id));
        return claimed;
    }

    /** Keeps a small body with its submission (same transaction as the insert); see V13. */
    public void stageBody(long submissionId, byte[] body) {
        jdbc.update("insert into staged_body (submission_id, body) values (?, ?)", submissionId, body);
    }

    /** The body staged in PostgreSQL for this submission, if it was staged there. */
    public Optional<byte[]> stagedBody(long submissionId) {
        return jdbc.query("select body from staged_body where submission_id = ?", (rs, i) -> rs.getBytes(1),
                submissionId).stream().findFirst();
    }

    /** Holds the row for the rest of the transaction; false when another worker has it or it is finished. */
    public boolean lockIfProcessing(long submissionId) {
        return !jdbc.queryForList("select id from submission where id = ? and status = 'PROCESSING' "
                + "for update skip locked", Long.class, submissionId).isEmpty();
    }

    public void recordAttemptError(long submissionId, String error) {
        jdbc.update("update submission set last_error = ? where id = ?", error, submissionId);
    }

    public void recordFailure(long submissionId, ClaimFileRefusedException refusal) {
        jdbc.update("""
                update submission set status = 'FAILED', completed_at = now(), failure_code = ?, failure_message = ?,
                       staged_path = null
                where id = ?""", refusal.reason().name(), refusal.getMessage(), submissionId);
        jdbc.update("delete from staged_body where submission_id = ?", submissionId);
        jdbc.update("""
                insert into claim_issue (submission_id, source_row, location, reason_code, message_fr)
                values (?, ?, 'file', ?, ?)""", submissionId, refusal.line(), refusal.reason().name(),
                refusal.getMessage());
    }

    /**
     * Intake is over for the file: DONE when no claim waits for validation, else PROCESSING until validation has
     * decided every claim. The staged body, if any, is no longer needed (staged_path null: nothing left to store).
     */
    public String complete(long submissionId, long rowsRead, long received, long accepted, long rejected) {
        String status = accepted == 0 ? "DONE" : "PROCESSING";
        jdbc.update("""
                update submission set status = ?, completed_at = case when ? = 'DONE' then now() end, rows_read = ?,
                       staged_path = null,
                       claims_received = ?, claims_accepted = ?, claims_rejected = ?
                where id = ?""", status, status, rowsRead, received, accepted, rejected, submissionId);
        jdbc.update("delete from staged_body where submission_id = ?", submissionId);
        return status;
    }

    /** Of these claim_refs, those already accepted (not refused) from this submitter, in this or earlier files. */
    public Set<String> alreadyKnownRefs(String submitterInpe, List<String> claimRefs) {
        return jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select claim_ref from claim where submitter_inpe = ? and claim_ref = any(?) and status <> 'REJECTED'")) {
                statement.setString(1, submitterInpe);
                Array refs = connection.createArrayOf("text", claimRefs.toArray());
                statement.setArray(2, refs);
                Set<String> known = new HashSet<>();
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
                return known;
            }
        });
    }

    public long[] nextClaimIds(int count) {
        List<Long> ids = jdbc.queryForList("select nextval('claim_id_seq') from generate_series(1, ?)", Long.class,
                count);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Stores a batch of claims with their lines and issues; ids[i] is the id of claims[i]. A claim validation
     * decided in intake's transaction ({@code decisions}, by index) is written with its outcome; the others RECEIVED
     * (or REJECTED when refused at intake).
     */
    public void insertClaims(long submissionId, String submitterInpe, List<ReceivedClaim> claims, long[] ids,
            Map<Integer, ValidationInHand.Decision> decisions) {
        CopyIn claimRows = new CopyIn("""
                claim (id, submission_id, submitter_inpe, claim_ref, source_row, status, regime, insured_id,
                    beneficiary_rank, patient_birth_date, provider_inpe, sector, care_setting, admission_date,
                    discharge_date, prior_approval_ref, diagnoses, payee, stated_total, first_service_date,
                    validated_at, accepted_billed, accepted_first_care)""");
        CopyIn lineRows = new CopyIn("""
                claim_line (claim_id, line_no, source_row, status, line_type, code, quantity, service_date, billed,
                    late_penalty_pct)""");
        java.time.Instant now = java.time.Instant.now();
        CopyIn issueRows = new CopyIn(
                "claim_issue (submission_id, claim_id, line_no, source_row, location, reason_code, message_fr)");
        for (int i = 0; i < claims.size(); i++) {
            ReceivedClaim claim = claims.get(i);
            ValidationInHand.Decision decision = decisions.get(i);
            String status = decision != null ? decision.status() : claim.refused() ? "REJECTED" : "RECEIVED";
            claimRows.number(ids[i]).number(submissionId).text(submitterInpe).text(claim.claimRef())
                    .number(claim.fileLine()).text(status).text(claim.regime()).text(claim.insuredId())
                    .number(claim.beneficiaryRank()).date(claim.patientBirthDate()).text(claim.providerInpe())
                    .text(claim.sector()).text(claim.careSetting()).date(claim.admissionDate())
                    .date(claim.dischargeDate()).text(emptyToNull(claim.priorApprovalRef()))
                    .textArray(claim.diagnoses()).text(claim.payee()).decimal(claim.statedTotal())
                    .date(claim.firstServiceDate()).timestamp(decision == null ? null : now)
                    .decimal(decision == null ? null : decision.acceptedBilled())
                    .date(decision == null ? null : decision.acceptedFirstCare()).endRow();
            Set<Integer> seen = new HashSet<>();
            for (ReceivedClaim.ReceivedLine line : claim.lines()) {
                if (seen.add(line.lineNo())) { // a repeated line_no is already a reason of refusal
                    ValidationInHand.LineDecision decided = decision == null ? null : decision.lines().get(line.lineNo());
                    lineRows.number(ids[i]).number(line.lineNo()).number(line.fileLine())
                            .text(decided == null ? status : decided.status())
                            .text(line.lineType()).text(line.code()).number(line.quantity())
                            .date(line.serviceDate()).decimal(line.billed())
                            .decimal(decided == null ? null : decided.penaltyPct()).endRow();
                }
            }
            List<Issue> issues = decision == null ? claim.issues() : decision.issues();
            for (Issue issue : issues) {
                issueRows.number(submissionId).number(ids[i]).number(issue.lineNo()).number(issue.fileLine())
                        .text(issue.location()).text(issue.reason().name()).text(issue.messageFr()).endRow();
            }
        }
        // claims first: their lines and issues refer to them
        try {
            claimRows.copy(jdbc);
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // claim_ref_once_per_submitter: the refs were read as new (alreadyKnownRefs), and another writer
            // stored one of them since; the next attempt reads it as known and refuses it as DUPLICATE
            throw new org.springframework.dao.ConcurrencyFailureException("A claim reference of this batch was "
                    + "stored by another writer of the same submitter since it was read: the batch rolls back");
        }
        lineRows.copy(jdbc);
        issueRows.copy(jdbc);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
