package ma.cnss.claims.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Figures read from the database (the system of record) for a set of submissions: what the summary prints. */
@Component
public class PipelineSummary {

    private final JdbcTemplate jdbc;

    public PipelineSummary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Figures(long files, long filesRefused, long claimsReceived, long claimsAccepted,
            long claimsPartiallyAccepted, long claimsRejected, long claimsPending, Map<String, Long> rejectedByReason,
            Map<String, Long> receivedByRegime, BigDecimal amountReceived, BigDecimal amountAccepted,
            Map<String, Long> flagged, Map<String, Long> byReviewState) {
    }

    public Figures forSubmissions(List<Long> submissionIds) {
        Long[] ids = submissionIds.toArray(Long[]::new);
        Map<String, Object> totals = jdbc.queryForMap("""
                select count(*) as files,
                       count(*) filter (where status = 'FAILED') as refused
                from submission where id = any(?)""", (Object) ids);
        Map<String, Object> claims = jdbc.queryForMap("""
                select count(*) as received,
                       count(*) filter (where status = 'ACCEPTED') as accepted,
                       count(*) filter (where status = 'PARTIALLY_ACCEPTED') as partially,
                       count(*) filter (where status = 'REJECTED') as rejected,
                       count(*) filter (where status = 'RECEIVED') as pending,
                       coalesce(sum(stated_total), 0) as amount_received
                from claim where submission_id = any(?)""", (Object) ids);
        BigDecimal amountAccepted = jdbc.queryForObject("""
                select coalesce(sum(l.billed), 0) from claim_line l join claim c on c.id = l.claim_id
                where c.submission_id = any(?) and l.status = 'ACCEPTED'""", BigDecimal.class, (Object) ids);
        Map<String, Long> byReason = new LinkedHashMap<>();
        jdbc.query("""
                select reason_code, count(distinct claim_id) from claim_issue
                where submission_id = any(?) and claim_id is not null
                group by reason_code order by count(distinct claim_id) desc, reason_code""",
                rs -> {
                    byReason.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids);
        Map<String, Long> byRegime = new LinkedHashMap<>();
        jdbc.query("""
                select coalesce(regime, 'UNKNOWN'), count(*) from claim where submission_id = any(?)
                group by 1 order by 1""", rs -> {
                    byRegime.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids);
        Map<String, Long> flagged = new LinkedHashMap<>();
        jdbc.query("""
                select f.flag, count(*) from claim_flag f join claim c on c.id = f.claim_id
                where c.submission_id = any(?) group by f.flag order by count(*) desc, f.flag""", rs -> {
                    flagged.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids);
        Map<String, Long> byReviewState = new LinkedHashMap<>();
        jdbc.query("""
                select review_state, count(*) from claim where submission_id = any(?) and review_state is not null
                group by 1 order by 1""", rs -> {
                    byReviewState.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids);
        return new Figures(((Number) totals.get("files")).longValue(), ((Number) totals.get("refused")).longValue(),
                ((Number) claims.get("received")).longValue(), ((Number) claims.get("accepted")).longValue(),
                ((Number) claims.get("partially")).longValue(), ((Number) claims.get("rejected")).longValue(),
                ((Number) claims.get("pending")).longValue(), byReason, byRegime,
                (BigDecimal) claims.get("amount_received"), amountAccepted, flagged, byReviewState);
    }
}
