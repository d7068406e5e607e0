package ma.cnss.claims.validation;

import ma.cnss.claims.shared.CrashPoints;
import ma.cnss.claims.shared.LostRaces;
import ma.cnss.claims.shared.StageQuarantine;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ma.cnss.claims.intake.Issue;
import ma.cnss.claims.intake.ReceiptOutbox;
import ma.cnss.claims.intake.ReceivedClaim;
import ma.cnss.claims.intake.ValidationInHand;
import ma.cnss.claims.platform.CopyIn;
import ma.cnss.claims.shared.AcceptedLine;
import ma.cnss.claims.shared.IntakeHandover;
import ma.cnss.claims.reference.ReferenceCatalogue;
import ma.cnss.claims.shared.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validates claims accepted at intake, a batch at a time, in one transaction per batch: rules, then business
 * duplicates decided by the {@code accepted_care} primary key, then each claim's outcome (ACCEPTED,
 * PARTIALLY_ACCEPTED, REJECTED) with its reasons, then the submissions whose claims are all decided become DONE.
 * Claims are taken with FOR UPDATE SKIP LOCKED, so several instances share the work and none is judged twice.
 */
@Service
public class ValidationStage implements ValidationInHand {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationStage.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CrashPoints crashPoints;
    private final StageQuarantine quarantine;
    private final ReferenceCatalogue reference;
    private final ValidationPolicy policy;
    private final ReceiptOutbox outbox;
    private final List<ValidationListener> listeners;
    private final int batchSize;
    private final ClaimValidator validator = new ClaimValidator();
    private final boolean inHand;
    private final IntakeHandover handover;

    public ValidationStage(JdbcTemplate jdbc, TransactionTemplate transaction, CrashPoints crashPoints,
            StageQuarantine quarantine,
            ReferenceCatalogue reference,
            ReceiptOutbox outbox, List<ValidationListener> listeners, IntakeHandover handover,
            @Value("${claims.validation.batch-size:1000}") int batchSize,
            @Value("${claims.validation.filing-deadline-days:60}") int filingDeadlineDays,
            @Value("${claims.validation.late-filing-policy:REJECT}") ValidationPolicy.LateFilingPolicy lateFiling,
            @Value("${claims.validation.penalty-pct-per-month:5}") BigDecimal penaltyPerMonth,
            @Value("${claims.validation.penalty-cap-pct:50}") BigDecimal penaltyCap,
            @Value("${claims.validation.child-age-limit:21}") int childAgeLimit,
            @Value("${claims.intake.validate-in-hand:true}") boolean inHand) {
        this.inHand = inHand;
        this.handover = handover;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.crashPoints = crashPoints;
        this.quarantine = quarantine;
        this.reference = reference;
        this.outbox = outbox;
        this.listeners = listeners;
        this.batchSize = batchSize;
        this.policy = new ValidationPolicy(filingDeadlineDays, lateFiling, penaltyPerMonth, penaltyCap,
                childAgeLimit);
    }

    private record BatchResult(int claims, List<Long> completedSubmissions, Map<String, Long> outcomes,
            Map<String, Long> reasons) {
    }

    /** Validates the next batch of waiting claims; returns how many were decided (0: none waiting). */
    public int validateNextBatch() {
        BatchResult result = LostRaces.retried("A validation batch", () -> transaction.execute(status -> {
            StageQuarantine.derivedWork(jdbc);
            return validateBatch();
        }));
        if (result.claims() > 0) {
            crashPoints.after("validation.batch-committed");
            listeners.forEach(l -> l.claimsValidated(result.outcomes(), result.reasons()));
            for (long submission : result.completedSubmissions()) {
                outbox.writeIfFileDrop(submission);
            }
            LOG.info("Validated {} claims; {} submissions done", result.claims(), result.completedSubmissions().size());
        }
        return result.claims();
    }

    private BatchResult validateBatch() {
        Set<Long> quarantinedSubmissions = new HashSet<>();
        List<ClaimToValidate> claims = new ArrayList<>();
        int taken = loadWaiting(claims, quarantinedSubmissions);
        if (taken == 0) {
            return new BatchResult(0, List.of(), Map.of(), Map.of());
        }
        Map<Long, Findings> findings = judge(claims, new RegistryBatch(jdbc, claims), (claim, poison) -> {
            if (quarantine.failed(claim.id(), "VALIDATION", poison)) {
                quarantinedSubmissions.add(claim.submissionId());
            }
        });
        claims = claims.stream().filter(claim -> findings.containsKey(claim.id())).toList();
        writeCareKeys(decideDuplicates(claims, findings, true), true); // these claims are stored already

        List<Object[]> claimUpdates = new ArrayList<>();
        List<Object[]> lineUpdates = new ArrayList<>();
        List<Object[]> issues = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        Set<Long> submissions = new HashSet<>();
        for (ClaimToValidate claim : claims) {
            Findings found = findings.get(claim.id());
            Verdict verdict = verdict(claim, found, outcomes, reasons);
            claimUpdates.add(new Object[] {verdict.status(), claim.id(), verdict.acceptedBilled(),
                    verdict.acceptedFirstCare() == null ? null : java.sql.Date.valueOf(verdict.acceptedFirstCare())});
            submissions.add(claim.submissionId());
            for (ClaimToValidate.Line line : claim.lines()) {
                boolean rejected = found.claimRejected() || found.lineRejected(line.lineNo());
                lineUpdates.add(new Object[] {rejected ? "REJECTED" : "ACCEPTED",
                        rejected ? null : found.penalties().get(line.lineNo()), claim.id(), line.lineNo()});
            }
            for (Findings.Finding f : found.all()) {
                issues.add(new Object[] {claim.submissionId(), claim.id(), f.lineNo(), f.location(),
                        f.reason().name(), f.messageFr()});
            }
        }
        // one statement each for the batch's claims and lines, not one round trip per row
        jdbc.update("""
                update claim c set status = u.status, validated_at = now(), updated_at = now(),
                    accepted_billed = u.billed, accepted_first_care = u.first_care
                from unnest(?::text[], ?::bigint[], ?::numeric[], ?::date[]) as u(status, id, billed, first_care)
                where c.id = u.id""",
                column(claimUpdates, 0, String.class), column(claimUpdates, 1, Long.class),
                column(claimUpdates, 2, BigDecimal.class), column(claimUpdates, 3, java.sql.Date.class));
        jdbc.update("""
                update claim_line l set status = u.status, late_penalty_pct = u.pct
                from unnest(?::text[], ?::numeric[], ?::bigint[], ?::int[]) as u(status, pct, claim_id, line_no)
                where l.claim_id = u.claim_id and l.line_no = u.line_no""",
                column(lineUpdates, 0, String.class), column(lineUpdates, 1, BigDecimal.class),
                column(lineUpdates, 2, Long.class), column(lineUpdates, 3, Integer.class));
        jdbc.batchUpdate("""
                insert into claim_issue (submission_id, claim_id, line_no, location, reason_code, message_fr)
                values (?, ?, ?, ?, ?, ?)""", issues,
                new int[] {Types.BIGINT, Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR});
        submissions.addAll(quarantinedSubmissions);
        List<Long> completed = completeSubmissions(submissions);
        return new BatchResult(taken, completed, outcomes, reasons);
    }

    /**
     * Applies the rules to each claim; a claim whose data makes a rule's code throw is handed to {@code poisoned}
     * and left out (the rest of the batch goes on). Returns the findings of the claims judged, in batch order.
     */
    private Map<Long, Findings> judge(List<ClaimToValidate> claims, RegistryBatch registry,
            java.util.function.BiConsumer<ClaimToValidate, RuntimeException> poisoned) {
        ValidationRule.Context context = new ValidationRule.Context(registry, reference, policy);
        Map<Long, Findings> findings = new LinkedHashMap<>();
        for (ClaimToValidate claim : claims) {
            try {
                quarantine.injectFault("VALIDATION", claim.claimRef());
                findings.put(claim.id(), validator.validate(claim, context));
            } catch (RuntimeException poison) {
                poisoned.accept(claim, poison);
            }
        }
        return findings;
    }

    private record Verdict(String status, BigDecimal acceptedBilled, java.time.LocalDate acceptedFirstCare) {
    }

    /** A judged claim's outcome and accepted amount, counted in {@code outcomes} and {@code reasons}. */
    private static Verdict verdict(ClaimToValidate claim, Findings found, Map<String, Long> outcomes,
            Map<String, Long> reasons) {
        String outcome = ClaimValidator.outcome(found, claim.lines());
        BigDecimal acceptedBilled = null;
        java.time.LocalDate acceptedFirstCare = null;
        for (ClaimToValidate.Line line : claim.lines()) {
            if (!found.claimRejected() && !found.lineRejected(line.lineNo())) {
                acceptedBilled = acceptedBilled == null ? line.billed() : acceptedBilled.add(line.billed());
                if (acceptedFirstCare == null || line.serviceDate().isBefore(acceptedFirstCare)) {
                    acceptedFirstCare = line.serviceDate();
                }
            }
        }
        outcomes.merge(claim.regime() + "|" + outcome, 1L, Long::sum);
        if (!found.claimRejections().isEmpty() || !found.lineRejections().isEmpty()) {
            Findings.Finding first = !found.claimRejections().isEmpty() ? found.claimRejections().get(0)
                    : found.lineRejections().get(0);
            reasons.merge(claim.regime() + "|" + first.reason().name(), 1L, Long::sum);
        }
        return new Verdict(outcome, acceptedBilled, acceptedFirstCare);
    }

    // ----------------------------------------------------------------------------- in intake's transaction

    /**
     * The same rules, duplicate arbitration and outcome as a batch of this stage, for claims intake has read and not
     * written yet. The duplicate-care keys are claimed now, and refer to claims written just after: they are
     * written with them ({@link #written}). A claim a rule throws on is not decided here: it
     * is written RECEIVED and this stage's route tries it (and counts its failures) as any other.
     */
    @Override
    public Decided decide(long submissionId, List<ReceivedClaim> received, long[] ids, int hold,
            boolean readHeldCares) {
        if (!inHand) {
            return new Decided(Map.of(), Map.of(), Map.of(), null, List.of(), true);
        }
        if (received.stream().allMatch(ReceivedClaim::refused)) {
            return new Decided(Map.of(), Map.of(), Map.of(), null, List.of(), true);
        }
        // before the registry rows it vouches for: an extract applied after it only makes the hand-over unused
        long registryVersion = hold > 0 ? IntakeHandover.registryVersion(jdbc) : -1;
        Object[] submission = jdbc.queryForObject("""
                select (received_at at time zone 'Africa/Casablanca')::date, submitter_inpe from submission
                where id = ?""", (rs, i) -> new Object[] {rs.getObject(1, java.time.LocalDate.class),
                        rs.getString(2)}, submissionId);
        java.time.LocalDate deposit = (java.time.LocalDate) submission[0];
        String submitterInpe = (String) submission[1];
        List<ClaimToValidate> claims = new ArrayList<>();
        Map<Long, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < received.size(); i++) {
            ReceivedClaim claim = received.get(i);
            if (claim.refused()) {
                continue;
            }
            // as the stage reads them back: lines in line order, a missing quantity as 0, no empty approval
            List<ClaimToValidate.Line> lines = claim.lines().stream()
                    .sorted(java.util.Comparator.comparingInt(ReceivedClaim.ReceivedLine::lineNo))
                    .map(l -> new ClaimToValidate.Line(l.lineNo(), l.lineType(), l.code(),
                            l.quantity() == null ? 0 : l.quantity(), l.serviceDate(), l.billed()))
                    .toList();
            claims.add(new ClaimToValidate(ids[i], submissionId, claim.claimRef(), claim.regime(), claim.insuredId(),
                    claim.beneficiaryRank(), claim.patientBirthDate(), claim.providerInpe(), claim.sector(),
                    claim.careSetting(), claim.admissionDate(), claim.dischargeDate(),
                    claim.priorApprovalRef() == null || claim.priorApprovalRef().isEmpty() ? null
                            : claim.priorApprovalRef(), claim.diagnoses(), claim.payee(), deposit, lines));
            indexOf.put(ids[i], i);
        }
        RegistryBatch registry = new RegistryBatch(jdbc, claims);
        Map<Long, Findings> findings = judge(claims, registry, (claim, poison) -> LOG.warn(
                "Claim {} failed in stage VALIDATION at intake ({}); the validation route will try it",
                claim.id(), poison.getClass().getSimpleName()));
        claims = claims.stream().filter(claim -> findings.containsKey(claim.id())).toList();
        CopyIn careKeys = decideDuplicates(claims, findings, readHeldCares);
        Map<Integer, Decision> decisions = new HashMap<>();
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        List<IntakeHandover.HeldClaim> accepted = new ArrayList<>();
        for (ClaimToValidate claim : claims) {
            Findings found = findings.get(claim.id());
            Verdict verdict = verdict(claim, found, outcomes, reasons);
            Map<Integer, LineDecision> lines = new HashMap<>();
            for (ClaimToValidate.Line line : claim.lines()) {
                boolean rejected = found.claimRejected() || found.lineRejected(line.lineNo());
                lines.put(line.lineNo(), new LineDecision(rejected ? "REJECTED" : "ACCEPTED",
                        rejected ? null : found.penalties().get(line.lineNo())));
            }
            List<Issue> issues = found.all().stream()
                    .map(f -> new Issue(f.lineNo(), null, f.location(), f.reason(), f.messageFr())).toList();
            decisions.put(indexOf.get(claim.id()), new Decision(verdict.status(), verdict.acceptedBilled(),
                    verdict.acceptedFirstCare(), lines, issues));
            if (accepted.size() < hold && verdict.acceptedBilled() != null) {
                held(claim, submitterInpe, lines, registry, registryVersion).ifPresent(accepted::add);
            }
        }
        return new Decided(decisions, outcomes, reasons, careKeys, accepted, readHeldCares);
    }

    /**
     * An accepted claim as the flagging stage and the FHIR encoding would read it back: the stored values (amounts
     * at the columns' scale), the accepted lines in line order, the registry rows the FHIR read joins.
     */
    private static java.util.Optional<IntakeHandover.HeldClaim> held(ClaimToValidate claim, String submitterInpe,
            Map<Integer, LineDecision> decisions, RegistryBatch registry, long registryVersion) {
        java.util.Optional<Registry.Member> member = registry.member(claim.insuredId(), claim.beneficiaryRank());
        java.util.Optional<Registry.Provider> provider = registry.provider(claim.providerInpe());
        if (member.isEmpty() || provider.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<AcceptedLine> lines = new ArrayList<>();
        for (ClaimToValidate.Line line : claim.lines()) {
            LineDecision decided = decisions.get(line.lineNo());
            if (decided != null && decided.status().equals("ACCEPTED")) {
                lines.add(new AcceptedLine(claim.id(), line.lineNo(), line.lineType(), line.code(), line.quantity(),
                        line.serviceDate(), atScale(line.billed()), atScale(decided.penaltyPct())));
            }
        }
        Registry.Member m = member.get();
        return java.util.Optional.of(new IntakeHandover.HeldClaim(claim.id(), submitterInpe, claim.claimRef(),
                claim.regime(), claim.insuredId(), claim.beneficiaryRank(), m.relationship(), m.birthDate(),
                m.rightsFrom(), m.rightsTo(), claim.providerInpe(), provider.get().establishment(),
                registry.providerIce(claim.providerInpe()), claim.sector(), claim.hospital(), claim.admissionDate(),
                claim.dischargeDate(), claim.priorApprovalRef(), claim.diagnoses() == null ? List.of()
                        : claim.diagnoses(), claim.payee(), claim.depositDate(), List.copyOf(lines), registryVersion));
    }

    /** As a numeric(_, 2) column stores it (PostgreSQL rounds half away from zero; amounts are never negative). */
    private static BigDecimal atScale(BigDecimal value) {
        return value == null ? null : value.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public int handoverCapacity() {
        return handover.capacity();
    }

    @Override
    public void written(Decided decided) {
        if (decided.careKeys() != null) {
            writeCareKeys(decided.careKeys(), decided.heldCaresRead());
        }
    }

    /** A care of the batch was accepted before, and the batch did not read them: it is taken again, reading them. */
    public static final class CareHeldAlready extends org.springframework.dao.ConcurrencyFailureException {
        CareHeldAlready() {
            super("A care of this batch is held by a claim accepted before; the batch did not read them: it rolls "
                    + "back and is taken again, reading them");
        }
    }

    /**
     * Writes the care keys a batch claimed. If another writer claimed one of them since they were read (or, when
     * they were not read, if one is held at all), the batch fails and is taken again, and then reads that care as
     * held. The database's message names the key, a hash of the beneficiary's identifiers: it is not passed on to
     * the logs.
     */
    private void writeCareKeys(CopyIn careKeys, boolean heldCaresRead) {
        try {
            careKeys.copy(jdbc);
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            if (!heldCaresRead) {
                throw new CareHeldAlready();
            }
            throw new org.springframework.dao.ConcurrencyFailureException("A care this batch claimed as new was "
                    + "claimed by another writer since it was read: the batch rolls back and is taken again");
        }
    }

    @Override
    public boolean complete(long submissionId) {
        return inHand && !completeSubmissions(Set.of(submissionId)).isEmpty();
    }

    @Override
    public void committed(long submissionId, boolean completed, Map<String, Long> outcomes,
            Map<String, Long> reasons, List<IntakeHandover.HeldClaim> accepted) {
        if (outcomes.isEmpty()) {
            return;
        }
        handover.handOver(accepted);
        crashPoints.after("validation.batch-committed");
        listeners.forEach(l -> l.claimsValidated(outcomes, reasons));
        LOG.info("Validated {} claims of submission {} at intake{}", outcomes.values().stream()
                .mapToLong(Long::longValue).sum(), submissionId, completed ? "; submission done" : "");
    }

    /**
     * The same care (beneficiary, provider, date, code) is accepted once across every claim, channel and payee.
     * Lines still acceptable claim their care key; a key already held by another claim makes the line a
     * DUPLICATE (unless {@code readHeld} is false: the keys held are then not read, and the primary key refuses
     * the batch's if one is). A claim repeating a code on the same day within itself is not its own duplicate.
     * Returns the keys claimed, to be written once their claims are (they refer to them). The primary key stays the
     * arbiter: a worker that read a key as free while another claimed it fails on it when it writes its keys, rolls
     * back, and on its next attempt reads the key as held (before V23 an {@code INSERT ... ON CONFLICT DO NOTHING}
     * claimed them here, ahead of the claims, and a deferred foreign key checked them row by row, locking each
     * claim: 2.7 s of a national day's database time).
     */
    private CopyIn decideDuplicates(List<ClaimToValidate> claims, Map<Long, Findings> findings,
            boolean readHeld) {
        List<String> keys = new ArrayList<>();
        List<Long> claimIds = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (ClaimToValidate claim : claims) {
            Findings found = findings.get(claim.id());
            if (found.claimRejected()) {
                continue;
            }
            for (ClaimToValidate.Line line : claim.lines()) {
                if (!found.lineRejected(line.lineNo())) {
                    keys.add(hashedCareKey(careKey(claim, line)));
                    claimIds.add(claim.id());
                    lineNos.add(line.lineNo());
                }
            }
        }
        CopyIn claimed = new CopyIn("accepted_care (care_key, claim_id, line_no)");
        if (keys.isEmpty()) {
            return claimed;
        }
        // the keys already held, by which claim; then each key not held goes to its first line in batch order
        Map<String, Long> owner = new HashMap<>();
        if (readHeld) {
            jdbc.query("select care_key::text, claim_id from accepted_care where care_key = any(?::uuid[])",
                    rs -> {
                        owner.put(rs.getString(1), rs.getLong(2));
                    }, (Object) keys.toArray(String[]::new));
        }
        // written in key order: two workers claiming the same keys wait for each other in one order, not in a cycle
        TreeMap<String, Integer> won = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Long holder = owner.putIfAbsent(keys.get(i), claimIds.get(i));
            if (holder == null) {
                won.put(keys.get(i), i);
            } else if (holder.longValue() != claimIds.get(i)) {
                findings.get(claimIds.get(i)).rejectLine(lineNos.get(i), ReasonCode.DUPLICATE, "code", "Ligne "
                        + lineNos.get(i) + " : même bénéficiaire, prestataire, date et code qu'une prestation déjà "
                        + "acceptée (doublon).");
            }
        }
        won.values().forEach(i -> claimed.text(keys.get(i)).number(claimIds.get(i)).number(lineNos.get(i)).endRow());
        return claimed;
    }

    /** One column of row arrays, as a Java array the driver sends as a PostgreSQL array. */
    @SuppressWarnings("unchecked")
    private static <T> T[] column(List<Object[]> rows, int index, Class<T> type) {
        T[] values = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            values[i] = type.cast(rows.get(i)[index]);
        }
        return values;
    }

    /** What PostgreSQL's {@code md5(key)::uuid} gives: the arbiter's key (V15). */
    static String hashedCareKey(String careKey) {
        try {
            String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(careKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    static String careKey(ClaimToValidate claim, ClaimToValidate.Line line) {
        return claim.insuredId() + "|" + claim.beneficiaryRank() + "|" + claim.providerInpe() + "|"
                + line.serviceDate() + "|" + line.code();
    }

    private List<Long> completeSubmissions(Set<Long> submissions) {
        return jdbc.queryForList("""
                update submission s set status = 'DONE', completed_at = now(),
                    claims_accepted = (select count(*) from claim c where c.submission_id = s.id
                                       and c.status not in ('REJECTED', 'RECEIVED')),
                    claims_rejected = (select count(*) from claim c where c.submission_id = s.id
                                       and c.status = 'REJECTED'),
                    claims_quarantined = (select count(*) from claim c where c.submission_id = s.id
                                       and c.status = 'RECEIVED' and not %1$s)
                where s.id = any(?) and s.status = 'PROCESSING'
                  and not exists (select 1 from claim c where c.submission_id = s.id and c.status = 'RECEIVED'
                                  and %1$s)
                returning s.id""".formatted(StageQuarantine.NOT_QUARANTINED), Long.class, (Object) submissions.toArray(Long[]::new));
    }

    /**
     * Takes the next waiting claims into {@code claims}; returns how many were taken. A claim whose stored row cannot
     * be read back (a field the rules need is empty: a row intake would not have written) is set aside like a claim a
     * rule throws on, and quarantined after the usual attempts, instead of failing every batch of the stage.
     */
    private int loadWaiting(List<ClaimToValidate> claims, Set<Long> quarantinedSubmissions) {
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        jdbc.query("""
                select c.id, c.submission_id, c.claim_ref, c.regime, c.insured_id, c.beneficiary_rank,
                       c.patient_birth_date, c.provider_inpe, c.sector, c.care_setting, c.admission_date,
                       c.discharge_date, c.prior_approval_ref, c.diagnoses, c.payee,
                       (s.received_at at time zone 'Africa/Casablanca')::date
                from claim c join submission s on s.id = c.submission_id
                where c.status = 'RECEIVED' and %s
                order by c.id
                limit ? for update of c skip locked""".formatted(StageQuarantine.NOT_QUARANTINED), rs -> {
                    Object[] head = new Object[16];
                    for (int i = 0; i < 16; i++) {
                        head[i] = rs.getObject(i + 1);
                    }
                    head[13] = rs.getArray(14) == null ? new String[0] : (String[]) rs.getArray(14).getArray();
                    heads.put(rs.getLong(1), head);
                }, batchSize);
        if (heads.isEmpty()) {
            return 0;
        }
        Map<Long, List<ClaimToValidate.Line>> lines = new HashMap<>();
        Map<Long, RuntimeException> unreadable = new HashMap<>();
        jdbc.query("""
                select claim_id, line_no, line_type, code, quantity, service_date, billed from claim_line
                where claim_id = any(?) order by claim_id, line_no""", rs -> {
                    long claimId = rs.getLong(1);
                    try {
                        lines.computeIfAbsent(claimId, k -> new ArrayList<>()).add(new ClaimToValidate.Line(
                                rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                                rs.getObject(6, LocalDate.class), rs.getBigDecimal(7)));
                    } catch (RuntimeException e) {
                        unreadable.putIfAbsent(claimId, e);
                    }
                }, (Object) heads.keySet().toArray(Long[]::new));
        heads.forEach((id, h) -> {
            try {
                if (unreadable.containsKey(id)) {
                    throw unreadable.get(id);
                }
                claims.add(new ClaimToValidate(id, ((Number) h[1]).longValue(), (String) h[2],
                        (String) h[3], (String) h[4], ((Number) h[5]).intValue(), ((java.sql.Date) h[6]).toLocalDate(),
                        (String) h[7], (String) h[8], (String) h[9],
                        h[10] == null ? null : ((java.sql.Date) h[10]).toLocalDate(),
                        h[11] == null ? null : ((java.sql.Date) h[11]).toLocalDate(), (String) h[12],
                        List.of((String[]) h[13]), (String) h[14], ((java.sql.Date) h[15]).toLocalDate(),
                        lines.getOrDefault(id, List.of())));
            } catch (RuntimeException e) {
                if (quarantine.failed(id, "VALIDATION", e)) {
                    quarantinedSubmissions.add(((Number) h[1]).longValue());
                }
            }
        });
        return heads.size();
    }
}
