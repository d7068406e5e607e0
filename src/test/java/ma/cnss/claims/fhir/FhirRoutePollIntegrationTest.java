package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The FHIR route polls five times a second for what the flagging stage left (a failed encoding): its poll must not
 * read the claims still waiting for their flags. It did after V20 (one index for both stages): 40 ms a poll with
 * 200,000 claims waiting, 67.7 s of database time in the 1,000,000-claim run.
 */
class FhirRoutePollIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void theRoutesPollReadsNoClaimOfTheFlaggingBacklog() {
        transaction.executeWithoutResult(status -> {
            long submission = jdbc.queryForObject("""
                    insert into submission (submitter_inpe, channel, format, checksum_sha256, byte_size, status)
                    values ('399999981', 'HTTP', 'CSV', ?, 10, 'DONE') returning id""", Long.class, "f".repeat(64));
            // a backlog of accepted claims not flagged yet, ahead (in id order) of one the flagging stage left
            jdbc.update("""
                    insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status)
                    select nextval('claim_id_seq'), ?, '399999981', 'BACKLOG-' || n, n + 1, 'ACCEPTED'
                    from generate_series(1, 2000) n""", submission);
            jdbc.update("""
                    insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status, flagged_at)
                    values (nextval('claim_id_seq'), ?, '399999981', 'LEFT-1', 3000, 'ACCEPTED', now())""",
                    submission);
            jdbc.execute("analyze claim");
            jdbc.execute("set local enable_seqscan = off"); // a test table is small enough to be read whole
            String plan = String.join("\n", jdbc.queryForList("explain (analyze, costs off, timing off, summary off) "
                    + "select c.id from claim c where " + FhirMappingStage.waitingClaims(true)
                    + " order by c.id limit 500", String.class));
            assertThat(plan).contains("claim_waiting_fhir_after_flags").doesNotContain("Rows Removed by Filter");
            assertThat(jdbc.queryForList("select c.claim_ref from claim c where "
                    + FhirMappingStage.waitingClaims(true) + " and c.submitter_inpe = '399999981'", String.class))
                    .containsExactly("LEFT-1");
            status.setRollbackOnly();
        });
    }
}
