package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The guarantees are held by PostgreSQL itself, whatever a code path does. */
class SchemaGuaranteesIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    private long submission(String submitter, String checksum) {
        return jdbc.queryForObject("""
                insert into submission (submitter_inpe, channel, format, checksum_sha256, byte_size, status)
                values (?, 'HTTP', 'CSV', ?, 10, 'DONE') returning id""", Long.class, submitter, checksum);
    }

    private void claim(long submissionId, String submitter, String ref, String status) {
        jdbc.update("""
                insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status)
                values (nextval('claim_id_seq'), ?, ?, ?, 2, ?)""", submissionId, submitter, ref, status);
    }

    @Test
    void theSameFileFromTheSameSubmitterIsOneSubmission() {
        submission("399999991", "a".repeat(64));
        assertThatThrownBy(() -> submission("399999991", "a".repeat(64)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aClaimRefIsAcceptedOncePerSubmitterButARefusedOneMayBeSentAgain() {
        long id = submission("399999992", "b".repeat(64));
        claim(id, "399999992", "REF-1", "REJECTED");
        claim(id, "399999992", "REF-1", "RECEIVED");
        claim(id, "399999993", "REF-1", "RECEIVED"); // another submitter's reference space
        assertThatThrownBy(() -> claim(id, "399999992", "REF-1", "RECEIVED"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aLineNumberIsUniqueWithinItsClaim() {
        long id = submission("399999994", "c".repeat(64));
        claim(id, "399999994", "REF-9", "RECEIVED");
        Long claimId = jdbc.queryForObject("select id from claim where claim_ref = 'REF-9'", Long.class);
        String insert = "insert into claim_line (claim_id, line_no, source_row, status) values (?, 1, 2, 'RECEIVED')";
        jdbc.update(insert, claimId);
        assertThatThrownBy(() -> jdbc.update(insert, claimId)).isInstanceOf(DataIntegrityViolationException.class);
    }

    /** A claim with one line, as intake stores it; returns the claim's id. */
    private long claimWithLine(String submitter, String ref) {
        claim(submission(submitter, ref.toLowerCase().replaceAll("[^a-f0-9]", "d").repeat(64).substring(0, 64)),
                submitter, ref, "ACCEPTED");
        long claimId = jdbc.queryForObject("select id from claim where claim_ref = ?", Long.class, ref);
        jdbc.update("insert into claim_line (claim_id, line_no, source_row, status) values (?, 1, 2, 'ACCEPTED')",
                claimId);
        return claimId;
    }

    private static final String PRICED_LINE = """
            insert into settlement_line (claim_id, line_no, billed, considered, base, base_rule, amount, paid,
                                         patient_share, rule_id, rule_version)
            values (?, ?, 10.00, 10.00, 10.00, 'ACT_TNR', 8.00, 8.00, 2.00, 'TEST', 1)""";

    /** Refused as a foreign key refuses: SQLSTATE 23503, and nothing of the statement is written. */
    private static void refusedForItsReference(Runnable statement) {
        assertThatThrownBy(statement::run).isInstanceOfSatisfying(DataIntegrityViolationException.class,
                e -> assertThat(((java.sql.SQLException) e.getMostSpecificCause()).getSQLState()).isEqualTo("23503"));
    }

    @Test
    void aLineWithoutItsClaimRefusesTheWholeStatement() {
        long claimId = claimWithLine("399999995", "REF-ORPHAN-LINE");
        refusedForItsReference(() -> jdbc.update("""
                insert into claim_line (claim_id, line_no, source_row, status)
                values (?, 2, 3, 'ACCEPTED'), (?, 1, 2, 'ACCEPTED')""", claimId, -claimId));
        assertThat(jdbc.queryForObject("select count(*) from claim_line where claim_id = ?", Integer.class, claimId))
                .isEqualTo(1);
        jdbc.update("insert into claim_line (claim_id, line_no, source_row, status) values (?, 2, 3, 'ACCEPTED')",
                claimId);
    }

    @Test
    void aClaimWithoutItsSubmissionIsRefusedAndTheSubmissionOfAClaimStays() {
        long claimId = claimWithLine("399999989", "REF-ORPHAN-CLAIM");
        refusedForItsReference(() -> claim(-claimId, "399999989", "REF-ORPHAN-CLAIM-2", "RECEIVED"));
        long submission = jdbc.queryForObject("select submission_id from claim where id = ?", Long.class, claimId);
        refusedForItsReference(() -> jdbc.update("delete from submission where id = ?", submission));
        refusedForItsReference(() -> jdbc.update("update submission set id = default where id = ?", submission));
        refusedForItsReference(() -> jdbc.update("update claim set submission_id = -1 where id = ?", claimId));
    }

    @Test
    void aStoredFhirClaimNeedsItsClaimButASharedResourceHasNone() {
        long claimId = claimWithLine("399999996", "REF-ORPHAN-FHIR");
        String insert = """
                insert into fhir_resource (resource_type, id, claim_id, last_updated, body)
                values (?, ?, ?, now(), '{}')""";
        refusedForItsReference(() -> jdbc.update(insert, "Claim", "orphan-" + claimId, -claimId));
        jdbc.update(insert, "Claim", "kept-" + claimId, claimId);
        jdbc.update(insert, "Organization", "shared-" + claimId, null);
        refusedForItsReference(() -> jdbc.update("update fhir_resource set claim_id = claim_id + 1 where id = ?",
                "kept-" + claimId));
    }

    @Test
    void aDuplicateCareKeyNeedsItsClaimAndIsHeldByOneClaimOnly() {
        long claimId = claimWithLine("399999986", "REF-CARE-KEY");
        String insert = "insert into accepted_care (care_key, claim_id, line_no) values (md5(?)::uuid, ?, 1)";
        refusedForItsReference(() -> jdbc.update(insert, "orphan|" + claimId, -claimId));
        jdbc.update(insert, "kept|" + claimId, claimId);
        assertThatThrownBy(() -> jdbc.update(insert, "kept|" + claimId, claimId))
                .isInstanceOf(DataIntegrityViolationException.class);
        refusedForItsReference(() -> jdbc.update(
                "update accepted_care set claim_id = -claim_id where care_key = md5(?)::uuid", "kept|" + claimId));
    }

    @Test
    void aPricedLineNeedsItsClaimLineAndAPaidLineItsPricedLineAndItsTransfer() {
        long claimId = claimWithLine("399999997", "REF-ORPHAN-PAY");
        refusedForItsReference(() -> jdbc.update(PRICED_LINE, claimId, 2));
        jdbc.update(PRICED_LINE, claimId, 1);
        refusedForItsReference(() -> transaction.executeWithoutResult(status -> {
            long transfer = sealedTransfer(claimId);
            jdbc.update("insert into payment_line (transaction_id, claim_id, line_no, amount) values (?, ?, 2, 8.00)",
                    transfer, claimId);
        }));
        refusedForItsReference(() -> jdbc.update(
                "insert into payment_line (transaction_id, claim_id, line_no, amount) values (-1, ?, 1, 8.00)",
                claimId));
        transaction.executeWithoutResult(status -> jdbc.update(
                "insert into payment_line (transaction_id, claim_id, line_no, amount) values (?, ?, 1, 8.00)",
                sealedTransfer(claimId), claimId));
        assertThat(jdbc.queryForObject("select count(*) from payment_line where claim_id = ?", Integer.class, claimId))
                .isEqualTo(1);
    }

    /** A transfer of a batch sealed in the current transaction (a batch gets rows only while it is being sealed). */
    private long sealedTransfer(long claimId) {
        java.sql.Date day = java.sql.Date.valueOf(java.time.LocalDate.of(2001, 1, 1).plusDays(claimId % 3000));
        jdbc.update("insert into settlement_run (settlement_date, status, started_by) values (?, 'RUNNING', 'test') "
                + "on conflict do nothing", day);
        long batch = jdbc.queryForObject("""
                insert into payment_batch (settlement_date, payee_kind, msg_id, status, nb_of_txs, ctrl_sum, sealed_at)
                values (?, 'PROVIDER', ?, 'SEALED', 1, 8.00, now()) returning id""", Long.class, day, "T-" + claimId);
        return jdbc.queryForObject("""
                insert into payment_transaction (batch_id, end_to_end_id, regime, creditor_kind, creditor_ref,
                                                 creditor_rib, amount)
                values (?, ?, 'TNS', 'PROVIDER', '300000001', '011780000012345678901234', 8.00) returning id""",
                Long.class, batch, "T-" + claimId + "-000001");
    }

    @Test
    void referencedRecordsAreNeverDeletedRekeyedNorTruncated() {
        long claimId = claimWithLine("399999998", "REF-KEPT");
        jdbc.update(PRICED_LINE, claimId, 1);
        refusedForItsReference(() -> jdbc.update("delete from claim where id = ?", claimId));
        refusedForItsReference(() -> jdbc.update("update claim set id = -id where id = ?", claimId));
        refusedForItsReference(() -> jdbc.update("delete from claim_line where claim_id = ?", claimId));
        refusedForItsReference(() -> jdbc.update("update claim_line set line_no = 7 where claim_id = ?", claimId));
        refusedForItsReference(() -> jdbc.update("update claim_line set claim_id = -1 where claim_id = ?", claimId));
        // priced lines: the application's role may not even try (V8); the owner meets the triggers of V19
        assertThatThrownBy(() -> jdbc.update("delete from settlement_line where claim_id = ?", claimId));
        assertThatThrownBy(() -> jdbc.execute("truncate settlement_line"));
        assertThat(jdbc.queryForObject("select count(*) from settlement_line where claim_id = ?", Integer.class,
                claimId)).isEqualTo(1);
    }
}
