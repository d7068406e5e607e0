package ma.cnss.claims.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ma.cnss.claims.settlement.Reconciliation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The promises of {@code shared/domain/reliability.md}, checked against PostgreSQL and the data folders: every claim
 * of every stored file exists exactly once; a stored file's accepted and rejected claims add up to the claims it
 * declared; at most one live payment per claim line; every ledger journal balances and every batch's control sums
 * equal its lines (the reconciliation); once idle, no file is left in the inbox and every submission is in a
 * terminal state. Returns every violation found, with where.
 */
@Service
public class InvariantChecker {

    public record Violation(String invariant, String where, String detail) {
    }

    public record Report(long submissions, long claims, long paidLines, List<Violation> violations) {
        public boolean clean() {
            return violations.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final Reconciliation reconciliation;
    private final Path inbox;

    public InvariantChecker(JdbcTemplate jdbc, Reconciliation reconciliation,
            @Value("${claims.intake.inbox}") String inbox) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
        this.inbox = Path.of(inbox);
    }

    /** {@code idle}: the pipeline is expected to have drained (no file waiting, nothing in progress). */
    public Report check(boolean idle) {
        List<Violation> violations = new ArrayList<>();
        jdbc.query("""
                select s.id, s.claims_received, count(c.id), count(distinct c.claim_ref)
                from submission s left join claim c on c.submission_id = s.id
                where s.status in ('PROCESSING', 'DONE')
                group by s.id having s.claims_received <> count(c.id) or count(c.id) <> count(distinct c.claim_ref)
                order by s.id""", rs -> {
                    violations.add(new Violation("EVERY_CLAIM_STORED_EXACTLY_ONCE", "submission " + rs.getLong(1),
                            rs.getLong(2) + " declared, " + rs.getLong(3) + " stored, " + rs.getLong(4) + " distinct"));
                });
        jdbc.query("""
                select s.id, s.claims_received, s.claims_accepted, s.claims_rejected + s.claims_quarantined,
                       count(c.id) filter (where c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')),
                       count(c.id) filter (where c.status = 'REJECTED')
                from submission s left join claim c on c.submission_id = s.id where s.status = 'DONE'
                group by s.id
                having s.claims_accepted + s.claims_rejected + s.claims_quarantined <> s.claims_received
                    or count(c.id) filter (where c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')) <> s.claims_accepted
                    or count(c.id) filter (where c.status = 'REJECTED') <> s.claims_rejected
                order by s.id""", rs -> {
                    violations.add(new Violation("ACCEPTED_PLUS_REJECTED_EQUALS_DECLARED", "submission " + rs.getLong(1),
                            "declared " + rs.getLong(2) + ", counted accepted " + rs.getLong(3) + " rejected or quarantined "
                                    + rs.getLong(4) + ", stored accepted " + rs.getLong(5) + " rejected "
                                    + rs.getLong(6)));
                });
        jdbc.query("""
                select claim_id, line_no, count(*) from payment_line where not returned
                group by claim_id, line_no having count(*) > 1""", rs -> {
                    violations.add(new Violation("AT_MOST_ONE_PAYMENT_PER_LINE", "claim " + rs.getLong(1) + " line "
                            + rs.getInt(2), rs.getLong(3) + " live payments"));
                });
        for (Reconciliation.Difference difference : reconciliation.run().differences()) {
            violations.add(new Violation("RECONCILED_" + difference.check(), difference.msgId() == null ? "ledger"
                    : "batch " + difference.msgId() + (difference.claimId() == null ? "" : " claim "
                            + difference.claimId() + " line " + difference.lineNo()),
                    difference.detail() + " (" + difference.differenceCentimes() + " centimes)"));
        }
        if (idle) {
            jdbc.query("""
                    select id, status from submission where status in ('RECEIVED', 'PROCESSING') order by id""",
                    rs -> {
                        violations.add(new Violation("EVERY_FILE_IN_A_TERMINAL_STATE", "submission " + rs.getLong(1),
                                "still " + rs.getString(2)));
                    });
            try (Stream<Path> left = Files.exists(inbox) ? Files.walk(inbox) : Stream.empty()) {
                left.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".part"))
                        .forEach(p -> violations.add(new Violation("EVERY_FILE_IN_A_TERMINAL_STATE",
                                "inbox/" + inbox.relativize(p), "not taken")));
            } catch (IOException e) {
                violations.add(new Violation("EVERY_FILE_IN_A_TERMINAL_STATE", "inbox", e.getMessage()));
            }
        }
        return new Report(jdbc.queryForObject("select count(*) from submission", Long.class),
                jdbc.queryForObject("select count(*) from claim", Long.class),
                jdbc.queryForObject("select count(*) from payment_line where not returned", Long.class), violations);
    }
}
