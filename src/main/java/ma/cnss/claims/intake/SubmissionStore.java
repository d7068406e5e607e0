package ma.cnss.claims.intake;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Submissions, claims, lines and issues in PostgreSQL. Every method runs inside the caller's transaction. */
@Repository
public class SubmissionStore {

    private final JdbcTemplate jdbc;

    public SubmissionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record StoredSubmission(long id, String status) {
    }

    public Optional<StoredSubmission> findByChecksum(String submitterInpe, String checksum) {
        return jdbc.query("select id, status from submission where submitter_inpe = ? and checksum_sha256 = ?",
                (rs, i) -> new StoredSubmission(rs.getLong(1), rs.getString(2)), submitterInpe, checksum)
                .stream().findFirst();
    }

    /** Inserts the submission unless the same file is already there; empty when it was (a concurrent twin). */
    public Optional<Long> insertSubmission(IncomingFile file, String checksum, long size, String status) {
        return jdbc.query("""
                insert into submission (submitter_inpe, channel, format, file_name, checksum_sha256, byte_size,
                                        idempotency_key, status)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (submitter_inpe, checksum_sha256) do nothing
                returning id""",
                (rs, i) -> rs.getLong(1), file.submitterInpe(), file.channel().name(), file.format().name(),
                file.originalName(), checksum, size, file.idempotencyKey(), status).stream().findFirst();
    }

    public void recordFailure(long submissionId, ClaimFileRefusedException refusal) {
        jdbc.update("""
                update submission set status = 'FAILED', completed_at = now(), failure_code = ?, failure_message = ?
                where id = ?""", refusal.reason().name(), refusal.getMessage(), submissionId);
        jdbc.update("""
                insert into claim_issue (submission_id, source_row, location, reason_code, message_fr)
                values (?, ?, 'file', ?, ?)""", submissionId, refusal.line(), refusal.reason().name(),
                refusal.getMessage());
    }

    public void complete(long submissionId, long rowsRead, long received, long accepted, long rejected) {
        jdbc.update("""
                update submission set status = 'DONE', completed_at = now(), rows_read = ?, claims_received = ?,
                       claims_accepted = ?, claims_rejected = ?
                where id = ?""", rowsRead, received, accepted, rejected, submissionId);
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

    /** Stores a batch of claims with their lines and issues; ids[i] is the id of claims[i]. */
    public void insertClaims(long submissionId, String submitterInpe, List<ReceivedClaim> claims, long[] ids) {
        jdbc.batchUpdate("""
                insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status, regime, insured_id,
                    beneficiary_rank, patient_birth_date, provider_inpe, sector, care_setting, admission_date,
                    discharge_date, prior_approval_ref, diagnoses, payee, stated_total, first_service_date)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?)""",
                new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        ReceivedClaim claim = claims.get(i);
                        ps.setLong(1, ids[i]);
                        ps.setLong(2, submissionId);
                        ps.setString(3, submitterInpe);
                        ps.setString(4, claim.claimRef());
                        ps.setInt(5, claim.fileLine());
                        ps.setString(6, claim.refused() ? "REJECTED" : "RECEIVED");
                        ps.setString(7, claim.regime());
                        ps.setString(8, claim.insuredId());
                        setInteger(ps, 9, claim.beneficiaryRank());
                        setDate(ps, 10, claim.patientBirthDate());
                        ps.setString(11, claim.providerInpe());
                        ps.setString(12, claim.sector());
                        ps.setString(13, claim.careSetting());
                        setDate(ps, 14, claim.admissionDate());
                        setDate(ps, 15, claim.dischargeDate());
                        ps.setString(16, emptyToNull(claim.priorApprovalRef()));
                        ps.setString(17, "{" + String.join(",", claim.diagnoses()) + "}");
                        ps.setString(18, claim.payee());
                        ps.setBigDecimal(19, claim.statedTotal());
                        setDate(ps, 20, claim.firstServiceDate());
                    }

                    @Override
                    public int getBatchSize() {
                        return claims.size();
                    }
                });
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> issues = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            ReceivedClaim claim = claims.get(i);
            String lineStatus = claim.refused() ? "REJECTED" : "RECEIVED";
            Set<Integer> seen = new HashSet<>();
            for (ReceivedClaim.ReceivedLine line : claim.lines()) {
                if (seen.add(line.lineNo())) { // a repeated line_no is already a reason of refusal
                    lines.add(new Object[] {ids[i], line.lineNo(), line.fileLine(), lineStatus, line.lineType(),
                            line.code(), line.quantity(), sqlDate(line.serviceDate()), line.billed()});
                }
            }
            for (Issue issue : claim.issues()) {
                issues.add(new Object[] {submissionId, ids[i], issue.lineNo(), issue.fileLine(), issue.location(),
                        issue.reason().name(), issue.messageFr()});
            }
        }
        jdbc.batchUpdate("""
                insert into claim_line (claim_id, line_no, source_row, status, line_type, code, quantity, service_date,
                    billed) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", lines,
                new int[] {Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                        Types.INTEGER, Types.DATE, Types.NUMERIC});
        if (!issues.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into claim_issue (submission_id, claim_id, line_no, source_row, location, reason_code,
                        message_fr) values (?, ?, ?, ?, ?, ?, ?)""", issues,
                    new int[] {Types.BIGINT, Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
                            Types.VARCHAR});
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Date sqlDate(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setDate(index, Date.valueOf(date));
        }
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
