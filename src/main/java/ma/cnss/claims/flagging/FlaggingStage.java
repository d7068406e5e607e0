package ma.cnss.claims.flagging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.reference.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flags accepted claims a batch at a time (FOR UPDATE SKIP LOCKED): ALD, potential ALD and costly cases, with
 * their reasons, and counts them on their submission. The review queue that holds flagged claims comes with the
 * review stage.
 */
@Service
public class FlaggingStage {

    private static final Logger LOG = LoggerFactory.getLogger(FlaggingStage.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReferenceData reference;
    private final ClaimFlagger.Policy policy;
    private final int batchSize;

    public FlaggingStage(JdbcTemplate jdbc, TransactionTemplate transaction, ReferenceData reference,
            @Value("${claims.flagging.costly-claim-total-mad:5000.00}") BigDecimal costlyTotal,
            @Value("${claims.flagging.costly-medicine-prix-br-mad:2000.00}") BigDecimal costlyMedicine,
            @Value("${claims.flagging.batch-size:1000}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.reference = reference;
        this.policy = new ClaimFlagger.Policy(costlyTotal, costlyMedicine);
        this.batchSize = batchSize;
    }

    public int flagNextBatch() {
        int done = transaction.execute(status -> flagBatch());
        if (done > 0) {
            LOG.info("Flagging looked at {} accepted claims", done);
        }
        return done;
    }

    private record Head(long id, long submissionId, String insuredId, int rank, List<String> diagnoses) {
    }

    private int flagBatch() {
        Map<Long, Head> heads = new LinkedHashMap<>();
        jdbc.query("""
                select id, submission_id, insured_id, beneficiary_rank, diagnoses from claim
                where flagged_at is null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')
                order by id limit ? for update skip locked""", rs -> {
                    heads.put(rs.getLong(1), new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                            List.of((String[]) rs.getArray(5).getArray())));
                }, batchSize);
        if (heads.isEmpty()) {
            return 0;
        }
        Long[] ids = heads.keySet().toArray(Long[]::new);
        Map<Long, List<ClaimFlagger.Line>> lines = new HashMap<>();
        jdbc.query("""
                select claim_id, line_type, code, service_date, billed from claim_line
                where claim_id = any(?) and status = 'ACCEPTED'""", rs -> {
                    lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ClaimFlagger.Line(
                            rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getBigDecimal(5)));
                }, (Object) ids);
        Set<String> insured = new HashSet<>();
        heads.values().forEach(h -> insured.add(h.insuredId()));
        Map<String, List<ClaimFlagger.Recognition>> recognitions = new HashMap<>();
        jdbc.query("""
                select insured_id, beneficiary_rank, ald_group, valid_from, valid_to from ald_recognition
                where insured_id = any(?)""", rs -> {
                    recognitions.computeIfAbsent(rs.getString(1) + "|" + rs.getInt(2), k -> new ArrayList<>())
                            .add(new ClaimFlagger.Recognition(rs.getInt(3), rs.getDate(4).toLocalDate(),
                                    rs.getDate(5).toLocalDate()));
                }, (Object) insured.toArray(String[]::new));
        ClaimFlagger flagger = new ClaimFlagger(policy, reference.aldRanges(),
                (ean, date) -> reference.medicine(ean, date).map(ReferenceData.Medicine::prixBr));
        List<Object[]> flags = new ArrayList<>();
        Map<Long, Integer> flaggedBySubmission = new HashMap<>();
        for (Head head : heads.values()) {
            List<ClaimFlagger.Line> accepted = lines.getOrDefault(head.id(), List.of());
            LocalDate care = accepted.stream().map(ClaimFlagger.Line::serviceDate).min(LocalDate::compareTo)
                    .orElse(LocalDate.now());
            List<ClaimFlagger.FlagFinding> found = flagger.flag(head.diagnoses(), care, accepted,
                    recognitions.getOrDefault(head.insuredId() + "|" + head.rank(), List.of()));
            for (ClaimFlagger.FlagFinding flag : found) {
                flags.add(new Object[] {head.id(), flag.flag(), flag.aldGroup(), flag.reasonFr()});
            }
            if (!found.isEmpty()) {
                flaggedBySubmission.merge(head.submissionId(), 1, Integer::sum);
            }
        }
        jdbc.batchUpdate("insert into claim_flag (claim_id, flag, ald_group, reason_fr) values (?, ?, ?, ?)", flags,
                new int[] {java.sql.Types.BIGINT, java.sql.Types.VARCHAR, java.sql.Types.INTEGER,
                        java.sql.Types.VARCHAR});
        jdbc.update("update claim set flagged_at = now() where id = any(?)", (Object) ids);
        List<Object[]> counts = new ArrayList<>();
        flaggedBySubmission.forEach((submission, n) -> counts.add(new Object[] {n, submission}));
        jdbc.batchUpdate("update submission set claims_flagged = claims_flagged + ? where id = ?", counts);
        return heads.size();
    }
}
