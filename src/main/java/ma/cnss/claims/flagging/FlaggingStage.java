package ma.cnss.claims.flagging;

import ma.cnss.claims.shared.AcceptedLine;
import ma.cnss.claims.shared.ClaimsInHand;
import ma.cnss.claims.shared.CrashPoints;
import ma.cnss.claims.shared.IntakeHandover;
import ma.cnss.claims.shared.StageQuarantine;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ma.cnss.claims.reference.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flags accepted claims a batch at a time (FOR UPDATE SKIP LOCKED): ALD, potential ALD and costly cases, with
 * their reasons. A flagged claim enters the review queue (PENDING); a claim without flags goes straight on to
 * settlement (NOT_REQUIRED). The history the costly rules compare with is what was ingested before the claim (lower
 * ids), so a claim's flags do not depend on how the work was cut into batches.
 */
@Service
public class FlaggingStage {

    private static final Logger LOG = LoggerFactory.getLogger(FlaggingStage.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CrashPoints crashPoints;
    private final StageQuarantine quarantine;
    private final ReferenceData reference;
    private final ClaimFlagger.Policy policy;
    private final int batchSize;
    private final List<ClaimsInHand> inHand;
    private final IntakeHandover handover;

    public FlaggingStage(JdbcTemplate jdbc, TransactionTemplate transaction, CrashPoints crashPoints,
            StageQuarantine quarantine,
            ReferenceData reference, List<ClaimsInHand> inHand, IntakeHandover handover,
            @Value("${claims.flagging.in-hand-steps:true}") boolean inHandSteps,
            @Value("${claims.flagging.costly-claim-total-mad:5000.00}") BigDecimal costlyTotal,
            @Value("${claims.flagging.costly-medicine-prix-br-mad:2000.00}") BigDecimal costlyMedicine,
            @Value("${claims.flagging.rolling-12-month-spend-mad:40000.00}") BigDecimal rollingSpend,
            @Value("${claims.flagging.outlier-factor:3}") BigDecimal outlierFactor,
            @Value("${claims.flagging.outlier-min-samples:30}") int outlierMinSamples,
            @Value("${claims.flagging.batch-size:1000}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.crashPoints = crashPoints;
        this.quarantine = quarantine;
        this.reference = reference;
        this.policy = new ClaimFlagger.Policy(costlyTotal, costlyMedicine, rollingSpend, outlierFactor,
                outlierMinSamples);
        this.batchSize = batchSize;
        this.inHand = inHandSteps ? List.copyOf(inHand) : List.of();
        this.handover = handover;
    }

    public int flagNextBatch() {
        int[] doneInHand = new int[inHand.size()];
        int done = transaction.execute(status -> {
            StageQuarantine.derivedWork(jdbc);
            return flagBatch(doneInHand);
        });
        if (done > 0) {
            crashPoints.after("flagging.batch-committed");
            LOG.info("Flagging looked at {} accepted claims", done);
            for (int i = 0; i < inHand.size(); i++) {
                inHand.get(i).committed(doneInHand[i]);
            }
        }
        return done;
    }

    private record Head(long id, long submissionId, String insuredId, int rank, List<String> diagnoses,
            String claimRef, boolean encoded) {
        String beneficiary() {
            return insuredId + "|" + rank;
        }
    }

    private record EarlierClaim(long id, LocalDate care, BigDecimal billed) {
    }

    private int flagBatch(int[] doneInHand) {
        Map<Long, Head> heads = new LinkedHashMap<>();
        jdbc.query("""
                select id, submission_id, insured_id, beneficiary_rank, diagnoses, claim_ref,
                    fhir_mapped_at is not null from claim c
                where flagged_at is null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and %s
                order by id limit ? for update skip locked""".formatted(StageQuarantine.NOT_QUARANTINED), rs -> {
                    heads.put(rs.getLong(1), new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                            List.of((String[]) rs.getArray(5).getArray()), rs.getString(6), rs.getBoolean(7)));
                }, batchSize);
        if (heads.isEmpty()) {
            return 0;
        }
        Long[] ids = heads.keySet().toArray(Long[]::new);
        // what intake handed over is not read back; the lines are read once for the rest of the batch, and the
        // steps run in hand below get the same lines
        // the registry's version read only when something is held (nothing is with the hand-over off)
        Map<Long, IntakeHandover.HeldClaim> held = handover.size() == 0 ? new HashMap<>()
                : handover.take(heads.keySet(), IntakeHandover.registryVersion(jdbc));
        held.keySet().removeIf(id -> heads.get(id).encoded());
        Map<Long, List<AcceptedLine>> acceptedLines = AcceptedLine.of(jdbc,
                heads.keySet().stream().filter(id -> !held.containsKey(id)).toArray(Long[]::new));
        held.forEach((id, claim) -> acceptedLines.put(id, claim.lines()));
        Map<Long, List<ClaimFlagger.Line>> lines = new HashMap<>();
        acceptedLines.forEach((claim, claimLines) -> lines.put(claim, claimLines.stream()
                .map(l -> new ClaimFlagger.Line(l.lineType(), l.code(), l.quantity(), l.serviceDate(), l.billed()))
                .toList()));
        String[] insured = heads.values().stream().map(Head::insuredId).distinct().toArray(String[]::new);
        Map<String, List<ClaimFlagger.Recognition>> recognitions = new HashMap<>();
        jdbc.query("""
                select insured_id, beneficiary_rank, ald_group, valid_from, valid_to from ald_recognition
                where insured_id = any(?)""", rs -> {
                    recognitions.computeIfAbsent(rs.getString(1) + "|" + rs.getInt(2), k -> new ArrayList<>())
                            .add(new ClaimFlagger.Recognition(rs.getInt(3), rs.getObject(4, LocalDate.class),
                                    rs.getObject(5, LocalDate.class)));
                }, (Object) insured);
        LocalDate earliestCare = lines.values().stream().flatMap(List::stream).map(ClaimFlagger.Line::serviceDate)
                .min(LocalDate::compareTo).orElse(LocalDate.now());
        Map<String, List<EarlierClaim>> spend = earlierSpend(heads.values(), ids[ids.length - 1],
                earliestCare.minusYears(1));
        Map<String, TreeMap<Integer, Long>> histograms = actHistograms(lines);
        Map<String, ClaimFlagger.UsualAmount> usual = new HashMap<>();
        histograms.forEach((code, histogram) -> usual.put(code, median(histogram)));

        ClaimFlagger flagger = new ClaimFlagger(policy, reference.aldRanges(),
                (ean, date) -> reference.medicine(ean, date).map(ReferenceData.Medicine::prixBr));
        List<Object[]> flags = new ArrayList<>();
        // one row per (beneficiary, group, year): a batched upsert may not touch the same row twice
        Map<List<Object>, BigDecimal[]> aldCosts = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        List<Long> flagged = new ArrayList<>();
        java.util.Set<Long> failed = new java.util.HashSet<>();
        Map<Long, Integer> flaggedBySubmission = new HashMap<>();
        for (Head head : heads.values()) {
            List<ClaimFlagger.Line> accepted = lines.getOrDefault(head.id(), List.of());
            LocalDate care = accepted.stream().map(ClaimFlagger.Line::serviceDate).min(LocalDate::compareTo)
                    .orElse(LocalDate.now());
            BigDecimal earlier = spend.getOrDefault(head.beneficiary(), List.of()).stream()
                    .filter(c -> c.id() < head.id() && c.care().isAfter(care.minusYears(1)) && !c.care().isAfter(care))
                    .map(EarlierClaim::billed).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<ClaimFlagger.FlagFinding> found;
            try {
                quarantine.injectFault("FLAGGING", head.claimRef());
                found = flagger.flag(head.diagnoses(), care, accepted,
                        recognitions.getOrDefault(head.beneficiary(), List.of()),
                        new ClaimFlagger.History(earlier, usual));
            } catch (RuntimeException poison) {
                quarantine.failed(head.id(), "FLAGGING", poison); // the rest of the batch goes on
                failed.add(head.id());
                lines.remove(head.id());
                held.remove(head.id());
                continue;
            }
            for (ClaimFlagger.FlagFinding flag : found) {
                flags.add(new Object[] {head.id(), flag.flag(), flag.aldGroup(), flag.reasonFr()});
                if (flag.flag().equals("ALD")) {
                    BigDecimal billed = accepted.stream().map(ClaimFlagger.Line::billed)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    aldCosts.merge(List.of(head.insuredId(), head.rank(), flag.aldGroup(), care.getYear()),
                            new BigDecimal[] {BigDecimal.ONE, billed},
                            (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
                }
            }
            if (!found.isEmpty()) {
                flagged.add(head.id());
                flaggedBySubmission.merge(head.submissionId(), 1, Integer::sum);
            }
        }
        jdbc.batchUpdate("insert into claim_flag (claim_id, flag, ald_group, reason_fr) values (?, ?, ?, ?)", flags,
                new int[] {Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.VARCHAR});
        jdbc.batchUpdate("""
                insert into ald_cost_year (insured_id, beneficiary_rank, ald_group, care_year, claims, billed)
                values (?, ?, ?, ?, ?, ?)
                on conflict (insured_id, beneficiary_rank, ald_group, care_year)
                do update set claims = ald_cost_year.claims + excluded.claims,
                              billed = ald_cost_year.billed + excluded.billed""",
                aldCosts.entrySet().stream().map(e -> new Object[] {e.getKey().get(0), e.getKey().get(1),
                        e.getKey().get(2), e.getKey().get(3), e.getValue()[0].intValue(), e.getValue()[1]}).toList());
        List<Long> looked = heads.keySet().stream().filter(id -> !failed.contains(id)).toList();
        java.util.Set<Long> flaggedSet = new java.util.HashSet<>(flagged);
        List<Long> released = looked.stream().filter(id -> !flaggedSet.contains(id)).toList();
        // FHIR encoding and pricing of the same claims, here: the claim row is then updated once for all three,
        // from one row per claim (whether it was flagged, whether each step did its work). Arrays of ids tested per
        // row with = any(...) cost a scan of each array for every claim: 40 % more time for the update (EXPLAIN)
        Long[] lookedIds = looked.toArray(Long[]::new);
        List<Object> parameters = new ArrayList<>();
        parameters.add(lookedIds);
        parameters.add(java.util.Arrays.stream(lookedIds).map(flaggedSet::contains).toArray(Boolean[]::new));
        StringBuilder arrays = new StringBuilder("?::bigint[], ?::boolean[]");
        StringBuilder columns = new StringBuilder("id, flagged");
        StringBuilder markers = new StringBuilder();
        for (int i = 0; i < inHand.size(); i++) {
            ClaimsInHand step = inHand.get(i);
            java.util.Set<Long> done = new java.util.HashSet<>(step.workOn(looked, released, acceptedLines, held));
            doneInHand[i] = done.size();
            parameters.add(java.util.Arrays.stream(lookedIds).map(done::contains).toArray(Boolean[]::new));
            arrays.append(", ?::boolean[]");
            columns.append(", done").append(i);
            markers.append(",\n    %1$s = case when u.done%2$d then now() else c.%1$s end".formatted(step.doneMarker(),
                    i));
        }
        // flagged claims wait in the review queue; the others go straight on to settlement
        jdbc.update("""
                update claim c set flagged_at = now(), updated_at = now(),
                    review_state = case when u.flagged then 'PENDING' else 'NOT_REQUIRED' end,
                    queued_at = case when u.flagged then now() end,
                    settleable_since = case when u.flagged then null else now() end%s
                from unnest(%s) as u(%s)
                where c.id = u.id""".formatted(markers, arrays, columns), parameters.toArray());
        List<Object[]> counts = new ArrayList<>();
        // in submission order: two flagging workers lock the submissions they share in the same order
        new TreeMap<>(flaggedBySubmission).forEach((submission, n) -> counts.add(new Object[] {n, submission}));
        jdbc.batchUpdate("update submission set claims_flagged = claims_flagged + ? where id = ?", counts);
        recordActAmounts(lines);
        return heads.size();
    }

    /** Accepted amounts of the batch's beneficiaries' claims ingested up to this batch, care in the last year. */
    private Map<String, List<EarlierClaim>> earlierSpend(java.util.Collection<Head> heads, long lastId,
            LocalDate since) {
        // each beneficiary once, as (insured, rank): by insured alone the read also took every other member of
        // the family's claims, about half of the rows it read on a national day
        Map<String, Head> beneficiaries = new TreeMap<>();
        heads.forEach(head -> beneficiaries.putIfAbsent(head.beneficiary(), head));
        String[] insured = beneficiaries.values().stream().map(Head::insuredId).toArray(String[]::new);
        Integer[] ranks = beneficiaries.values().stream().map(Head::rank).toArray(Integer[]::new);
        Map<String, List<EarlierClaim>> spend = new HashMap<>();
        // one probe of the beneficiaries' index per beneficiary (a LATERAL subquery kept apart by OFFSET 0: never
        // a hash join over the table, whatever plan the statement keeps). id + 0: the claims up to this batch are
        // most of the table, so a bitmap of the primary key for them cost more than the rows it removed
        jdbc.query("""
                select b.insured_id, b.rank, c.id, c.accepted_first_care, c.accepted_billed
                from unnest(?::text[], ?::int[]) as b(insured_id, rank)
                cross join lateral (
                    select c.id, c.accepted_first_care, c.accepted_billed from claim c
                    where c.insured_id = b.insured_id and c.beneficiary_rank = b.rank and c.id + 0 <= ?
                      and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and c.first_service_date >= ?
                      and c.accepted_billed is not null offset 0) c""", rs -> {
                    spend.computeIfAbsent(rs.getString(1) + "|" + rs.getInt(2), k -> new ArrayList<>())
                            .add(new EarlierClaim(rs.getLong(3), rs.getObject(4, LocalDate.class), rs.getBigDecimal(5)));
                }, insured, ranks, lastId, java.sql.Date.valueOf(since));
        return spend;
    }

    /** Unit amounts of each act seen before this batch, plus this batch's own. */
    private Map<String, TreeMap<Integer, Long>> actHistograms(Map<Long, List<ClaimFlagger.Line>> lines) {
        Map<String, TreeMap<Integer, Long>> histograms = new HashMap<>();
        String[] codes = lines.values().stream().flatMap(List::stream).filter(l -> l.lineType().equals("ACT"))
                .map(ClaimFlagger.Line::code).distinct().toArray(String[]::new);
        if (codes.length == 0) {
            return histograms;
        }
        jdbc.query("select code, unit_mad, n from act_amount_histogram where code = any(?)", rs -> {
            histograms.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).merge(rs.getInt(2), rs.getLong(3),
                    Long::sum);
        }, (Object) codes);
        batchActUnits(lines).forEach((code, units) -> units.forEach((unit, n) ->
                histograms.computeIfAbsent(code, k -> new TreeMap<>()).merge(unit, n, Long::sum)));
        return histograms;
    }

    private static Map<String, TreeMap<Integer, Long>> batchActUnits(Map<Long, List<ClaimFlagger.Line>> lines) {
        Map<String, TreeMap<Integer, Long>> units = new TreeMap<>();
        lines.values().stream().flatMap(List::stream).filter(l -> l.lineType().equals("ACT")).forEach(l ->
                units.computeIfAbsent(l.code(), k -> new TreeMap<>())
                        .merge(ClaimFlagger.unitAmount(l).intValue(), 1L, Long::sum));
        return units;
    }

    static ClaimFlagger.UsualAmount median(TreeMap<Integer, Long> histogram) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        long middle = (total + 1) / 2;
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen >= middle) {
                return new ClaimFlagger.UsualAmount(BigDecimal.valueOf(bucket.getKey()).setScale(2), total);
            }
        }
        return new ClaimFlagger.UsualAmount(BigDecimal.ZERO, 0);
    }

    private void recordActAmounts(Map<Long, List<ClaimFlagger.Line>> lines) {
        List<Object[]> rows = new ArrayList<>();
        // sorted by (code, unit): concurrent batches take the rows' locks in one order, never deadlocking
        batchActUnits(lines).forEach((code, units) -> units.forEach((unit, n) -> rows.add(new Object[] {code, unit, n})));
        jdbc.batchUpdate("""
                insert into act_amount_histogram (code, unit_mad, n) values (?, ?, ?)
                on conflict (code, unit_mad) do update set n = act_amount_histogram.n + excluded.n""", rows);
    }
}
