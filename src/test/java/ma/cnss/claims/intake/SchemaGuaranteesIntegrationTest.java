package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The guarantees are held by PostgreSQL itself, whatever a code path does. */
class SchemaGuaranteesIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

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
}
