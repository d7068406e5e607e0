package ma.cnss.claims.review;

import ma.cnss.claims.shared.CrashPoints;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.audit.AuditTrail;
import ma.cnss.claims.fhir.ClaimToFhirMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review queue in PostgreSQL: lists it, opens a claim with everything an adjuster needs, applies decisions
 * under {@link ReviewRules}. Every call leaves exactly one audit record (refusals included), written in the same
 * transaction as what it records, so that no look at patient data goes unrecorded.
 */
@Service
public class ReviewService {

    /** Who acts, as the audit trail records them. */
    public record Actor(String username, Set<String> roles, String sourceAddress) {
        String rolesText() {
            return String.join(",", roles.stream().sorted().toList());
        }
    }

    public record QueueFilter(List<ReviewState> states, String regime, String flag, String submitter,
            BigDecimal minAmount, BigDecimal maxAmount, Integer minAgeHours, String sort, int limit, int offset) {
    }

    public record Decision(DecisionKind kind, List<ReviewRules.LineAction> lines, String comment,
            String missingDocument) {
    }

    public record DecisionResult(long claimId, long decisionId, ReviewState reviewState, boolean requiresConfirmation,
            BigDecimal approvedAmount, boolean releasedToSettlement) {
    }

    public static final class NotInReview extends RuntimeException {
        NotInReview(long claimId) {
            super("Le dossier " + claimId + " n'est pas dans la file de revue.");
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CrashPoints crashPoints;
    private final AuditTrail audit;
    private final ReviewRules rules;
    private final int filingDeadlineDays;
    private final int aldExpiryWarningDays;

    public ReviewService(JdbcTemplate jdbc, TransactionTemplate transaction, CrashPoints crashPoints,
            AuditTrail audit,
            @Value("${claims.review.four-eyes-above-mad:10000.00}") BigDecimal fourEyesAbove,
            @Value("${claims.validation.filing-deadline-days:60}") int filingDeadlineDays,
            @Value("${claims.review.ald-expiry-warning-days:30}") int aldExpiryWarningDays) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.crashPoints = crashPoints;
        this.audit = audit;
        this.rules = new ReviewRules(fourEyesAbove);
        this.filingDeadlineDays = filingDeadlineDays;
        this.aldExpiryWarningDays = aldExpiryWarningDays;
    }

    // ------------------------------------------------------------------------------------------- queue

    public List<Map<String, Object>> queue(QueueFilter filter, Actor actor, String queryText) {
        return queue(filter, actor, queryText, AuditTrail.Subtype.SEARCH);
    }

    /** The queue as an export (recorded as such in the audit trail). */
    public List<Map<String, Object>> export(QueueFilter filter, Actor actor, String queryText) {
        return queue(filter, actor, queryText, AuditTrail.Subtype.EXPORT);
    }

    private List<Map<String, Object>> queue(QueueFilter filter, Actor actor, String queryText,
            AuditTrail.Subtype subtype) {
        return transaction.execute(status -> {
            audit.record(new AuditTrail.Entry(subtype, actor.username(), actor.rolesText(), null,
                    null, queryText, AuditTrail.Outcome.SUCCESS, null, actor.sourceAddress()));
            String order = switch (filter.sort() == null ? "oldest" : filter.sort()) {
                case "newest" -> "c.queued_at desc, c.id desc";
                case "amount" -> "amount desc, c.id";
                default -> "c.queued_at, c.id";
            };
            return jdbc.query("""
                    select c.id, c.claim_ref, c.submitter_inpe, c.regime, c.review_state, c.queued_at,
                           amounts.amount,
                           (select array_agg(f.flag order by f.flag) from claim_flag f where f.claim_id = c.id) flags
                    from claim c
                    cross join lateral (select coalesce(sum(l.billed), 0) amount from claim_line l
                                        where l.claim_id = c.id and l.status = 'ACCEPTED') amounts
                    where c.review_state = any(?)
                      and (?::text is null or c.regime = ?)
                      and (?::text is null or c.submitter_inpe = ?)
                      and (?::text is null or exists (select 1 from claim_flag f where f.claim_id = c.id and f.flag = ?))
                      and (?::numeric is null or amounts.amount >= ?)
                      and (?::numeric is null or amounts.amount <= ?)
                      and (?::integer is null or c.queued_at <= now() - ? * interval '1 hour')
                    order by %s limit ? offset ?""".formatted(order), (rs, i) -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("claimId", rs.getLong("id"));
                        row.put("claimRef", rs.getString("claim_ref"));
                        row.put("submitterInpe", rs.getString("submitter_inpe"));
                        row.put("regime", rs.getString("regime"));
                        row.put("reviewState", rs.getString("review_state"));
                        Instant queued = rs.getTimestamp("queued_at").toInstant();
                        row.put("queuedAt", queued.toString());
                        row.put("ageHours", Duration.between(queued, Instant.now()).toHours());
                        row.put("amount", rs.getBigDecimal("amount"));
                        row.put("flags", rs.getArray("flags") == null ? List.of()
                                : Arrays.asList((String[]) rs.getArray("flags").getArray()));
                        return row;
                    },
                    filter.states().stream().map(Enum::name).toArray(String[]::new),
                    filter.regime(), filter.regime(), filter.submitter(), filter.submitter(), filter.flag(),
                    filter.flag(), filter.minAmount(), filter.minAmount(), filter.maxAmount(), filter.maxAmount(),
                    filter.minAgeHours(), filter.minAgeHours(), filter.limit(), filter.offset());
        });
    }

    // ------------------------------------------------------------------------------------------- open

    /** Everything about one claim under review; recorded as a read of the patient's data. */
    public Map<String, Object> open(long claimId, Actor actor) {
        return transaction.execute(status -> {
            List<Map<String, Object>> heads = jdbc.queryForList("""
                    select c.id, c.claim_ref, c.submitter_inpe, c.provider_inpe, c.regime, c.status, c.review_state,
                           c.queued_at, c.insured_id, c.beneficiary_rank, c.patient_birth_date, c.sector,
                           c.care_setting, c.admission_date, c.discharge_date, c.diagnoses, c.payee,
                           c.first_service_date, c.incomplete_since, c.deadline_paused_days, c.prior_approval_ref,
                           c.settleable_since, c.review_decision_id
                    from claim c where c.id = ? and c.review_state is not null""", claimId);
            if (heads.isEmpty()) {
                audit.record(new AuditTrail.Entry(AuditTrail.Subtype.READ, actor.username(), actor.rolesText(), null,
                        claimId, null, AuditTrail.Outcome.REFUSED, "not in review", actor.sourceAddress()));
                throw new NotInReview(claimId);
            }
            Map<String, Object> head = heads.get(0);
            String insured = (String) head.get("insured_id");
            int rank = ((Number) head.get("beneficiary_rank")).intValue();
            String patientId = ClaimToFhirMapper.patientId(insured, rank);
            audit.record(new AuditTrail.Entry(AuditTrail.Subtype.READ, actor.username(), actor.rolesText(), patientId,
                    claimId, null, AuditTrail.Outcome.SUCCESS, null, actor.sourceAddress()));
            return view(claimId, head, insured, rank, patientId);
        });
    }

    private Map<String, Object> view(long claimId, Map<String, Object> head, String insured, int rank,
            String patientId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("claimId", claimId);
        view.put("claimRef", head.get("claim_ref"));
        view.put("submitterInpe", head.get("submitter_inpe"));
        view.put("providerInpe", head.get("provider_inpe"));
        view.put("regime", head.get("regime"));
        view.put("sector", head.get("sector"));
        view.put("careSetting", head.get("care_setting"));
        view.put("payee", head.get("payee"));
        view.put("validationStatus", head.get("status"));
        view.put("reviewState", head.get("review_state"));
        view.put("queuedAt", instant(head.get("queued_at")));
        view.put("releasedToSettlementAt", instant(head.get("settleable_since")));
        view.put("priorApprovalRef", head.get("prior_approval_ref"));
        view.put("admissionDate", text(head.get("admission_date")));
        view.put("dischargeDate", text(head.get("discharge_date")));
        view.put("diagnoses", head.get("diagnoses") == null ? List.of()
                : Arrays.asList((String[]) toArray(head.get("diagnoses"))));
        LocalDate first = ((java.sql.Date) head.get("first_service_date")).toLocalDate();
        LocalDate reference = head.get("discharge_date") != null
                ? ((java.sql.Date) head.get("discharge_date")).toLocalDate() : first;
        int paused = ((Number) head.get("deadline_paused_days")).intValue();
        Map<String, Object> deadline = new LinkedHashMap<>();
        deadline.put("filingDeadline", reference.plusDays(filingDeadlineDays + paused).toString());
        deadline.put("pausedDays", paused);
        deadline.put("pausedSince", instant(head.get("incomplete_since")));
        view.put("filingClock", deadline);
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("id", patientId);
        patient.put("insuredId", insured);
        patient.put("beneficiaryRank", rank);
        patient.put("birthDate", text(head.get("patient_birth_date")));
        view.put("patient", patient);

        List<Map<String, Object>> lines = new ArrayList<>();
        Long decisionId = head.get("review_decision_id") == null ? null : ((Number) head.get("review_decision_id")).longValue();
        jdbc.query("""
                select l.line_no, l.line_type, l.code, l.quantity, l.service_date, l.billed, l.status,
                       a.action, a.allowed_amount, a.reason_code, a.justification
                from claim_line l
                left join review_line_adjustment a on a.claim_id = l.claim_id and a.line_no = l.line_no
                     and a.decision_id = (select max(d.id) from review_decision d
                                          where d.claim_id = l.claim_id and d.kind = 'APPROVE')
                where l.claim_id = ? order by l.line_no""", rs -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("lineNo", rs.getInt(1));
                    line.put("lineType", rs.getString(2));
                    line.put("code", rs.getString(3));
                    line.put("quantity", rs.getInt(4));
                    line.put("serviceDate", text(rs.getDate(5)));
                    line.put("billed", rs.getBigDecimal(6));
                    line.put("validationStatus", rs.getString(7));
                    if (rs.getString(8) != null) {
                        Map<String, Object> adjustment = new LinkedHashMap<>();
                        adjustment.put("action", rs.getString(8));
                        adjustment.put("allowedAmount", rs.getBigDecimal(9));
                        adjustment.put("reason", rs.getString(10));
                        adjustment.put("justification", rs.getString(11));
                        line.put("adjustment", adjustment);
                    }
                    lines.add(line);
                }, claimId);
        view.put("lines", lines);
        view.put("acceptedAmount", lines.stream().filter(l -> "ACCEPTED".equals(l.get("validationStatus")))
                .map(l -> (BigDecimal) l.get("billed")).reduce(BigDecimal.ZERO, BigDecimal::add));
        view.put("effectiveDecisionId", decisionId);
        view.put("flags", jdbc.queryForList("""
                select flag, ald_group as "aldGroup", reason_fr as "reason" from claim_flag where claim_id = ?
                order by flag""", claimId));

        LocalDate today = LocalDate.now();
        List<Map<String, Object>> recognitions = new ArrayList<>();
        jdbc.query("""
                select r.ald_group, r.icd10, r.valid_from, r.valid_to, y.billed, y.claims
                from ald_recognition r
                left join ald_cost_year y on y.insured_id = r.insured_id and y.beneficiary_rank = r.beneficiary_rank
                     and y.ald_group = r.ald_group and y.care_year = ?
                where r.insured_id = ? and r.beneficiary_rank = ? order by r.valid_from""", rs -> {
                    Map<String, Object> recognition = new LinkedHashMap<>();
                    LocalDate to = rs.getDate(4).toLocalDate();
                    recognition.put("aldGroup", rs.getInt(1));
                    recognition.put("icd10", rs.getString(2));
                    recognition.put("validFrom", rs.getDate(3).toLocalDate().toString());
                    recognition.put("validTo", to.toString());
                    long daysLeft = ChronoUnit.DAYS.between(today, to);
                    recognition.put("daysToExpiry", daysLeft);
                    recognition.put("expiresSoon", daysLeft >= 0 && daysLeft <= aldExpiryWarningDays);
                    recognition.put("aldCostThisYear", rs.getBigDecimal(5) == null ? BigDecimal.ZERO.setScale(2)
                            : rs.getBigDecimal(5));
                    recognition.put("aldClaimsThisYear", rs.getInt(6));
                    recognitions.add(recognition);
                }, today.getYear(), insured, rank);
        view.put("aldRecognitions", recognitions);

        List<Map<String, Object>> recent = jdbc.query("""
                select c.id, c.claim_ref, c.first_service_date, c.status, c.review_state,
                       (select coalesce(sum(l.billed), 0) from claim_line l
                        where l.claim_id = c.id and l.status = 'ACCEPTED') amount,
                       (select array_agg(f.flag order by f.flag) from claim_flag f where f.claim_id = c.id) flags
                from claim c
                where c.insured_id = ? and c.beneficiary_rank = ? and c.id <> ?
                  and c.first_service_date > ?
                order by c.first_service_date desc, c.id desc limit 20""", (rs, i) -> {
                    Map<String, Object> other = new LinkedHashMap<>();
                    other.put("claimId", rs.getLong(1));
                    other.put("claimRef", rs.getString(2));
                    other.put("careDate", rs.getDate(3).toLocalDate().toString());
                    other.put("validationStatus", rs.getString(4));
                    other.put("reviewState", rs.getString(5));
                    other.put("acceptedAmount", rs.getBigDecimal(6));
                    other.put("flags", rs.getArray(7) == null ? List.of()
                            : Arrays.asList((String[]) rs.getArray(7).getArray()));
                    return other;
                }, insured, rank, claimId, java.sql.Date.valueOf(first.minusYears(1)));
        view.put("recentClaims", recent);
        view.put("rolling12MonthAcceptedAmount", jdbc.queryForObject("""
                select coalesce(sum(l.billed), 0) from claim c join claim_line l on l.claim_id = c.id
                where c.insured_id = ? and c.beneficiary_rank = ? and l.status = 'ACCEPTED'
                  and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')
                  and c.first_service_date > ? and c.first_service_date <= ?""", BigDecimal.class, insured, rank,
                java.sql.Date.valueOf(first.minusYears(1)), java.sql.Date.valueOf(first)));

        view.put("decisions", jdbc.query("""
                select id, kind, decided_by, decided_role, decided_at, comment, missing_document, approved_amount,
                       requires_confirmation, answers_decision
                from review_decision where claim_id = ? order by id""", (rs, i) -> {
                    Map<String, Object> decision = new LinkedHashMap<>();
                    decision.put("decisionId", rs.getLong(1));
                    decision.put("kind", rs.getString(2));
                    decision.put("by", rs.getString(3));
                    decision.put("role", rs.getString(4));
                    decision.put("at", rs.getTimestamp(5).toInstant().toString());
                    decision.put("comment", rs.getString(6));
                    decision.put("missingDocument", rs.getString(7));
                    decision.put("approvedAmount", rs.getBigDecimal(8));
                    decision.put("requiresConfirmation", rs.getBoolean(9));
                    long answers = rs.getLong(10);
                    decision.put("answersDecision", rs.wasNull() ? null : answers);
                    return decision;
                }, claimId));
        List<String> fhir = jdbc.queryForList("""
                select body::text from fhir_resource where resource_type = 'Claim' and claim_id = ?""", String.class,
                claimId);
        view.put("fhirClaim", fhir.isEmpty() ? null : new RawJson(fhir.get(0)));
        return view;
    }

    /** A JSON document stored by PostgreSQL, written into the response as it is. */
    public record RawJson(String json) {
        @com.fasterxml.jackson.annotation.JsonValue
        @com.fasterxml.jackson.annotation.JsonRawValue
        public String value() {
            return json;
        }
    }

    // ------------------------------------------------------------------------------------------- decide

    public DecisionResult decide(long claimId, Decision decision, Actor actor) {
        try {
            DecisionResult result = transaction.execute(status -> applyDecision(claimId, decision, actor));
            crashPoints.after("review.decision");
            return result;
        } catch (ReviewRefused | NotInReview refused) {
            // the refused attempt is on record too, outside the rolled-back transaction
            audit.record(new AuditTrail.Entry(AuditTrail.Subtype.DECISION, actor.username(), actor.rolesText(),
                    patientOf(claimId), claimId, decision.kind() == null ? null : "decision=" + decision.kind(),
                    AuditTrail.Outcome.REFUSED, refused.getMessage(), actor.sourceAddress()));
            throw refused;
        }
    }

    private String patientOf(long claimId) {
        List<String> found = jdbc.query("select insured_id, beneficiary_rank from claim where id = ?",
                (rs, i) -> rs.getString(1) == null ? null : ClaimToFhirMapper.patientId(rs.getString(1), rs.getInt(2)),
                claimId);
        return found.isEmpty() ? null : found.get(0);
    }

    private DecisionResult applyDecision(long claimId, Decision decision, Actor actor) {
        if (decision.kind() == null) {
            throw new ReviewRefused(ReviewRefused.Kind.INVALID,
                    "Champ decision obligatoire : " + Arrays.toString(DecisionKind.values()) + ".");
        }
        List<Map<String, Object>> heads = jdbc.queryForList("""
                select review_state, insured_id, beneficiary_rank, incomplete_since from claim
                where id = ? and review_state is not null for update""", claimId);
        if (heads.isEmpty() || "NOT_REQUIRED".equals(heads.get(0).get("review_state"))) {
            throw new NotInReview(claimId);
        }
        Map<String, Object> head = heads.get(0);
        ReviewState current = ReviewState.valueOf((String) head.get("review_state"));
        rules.next(current, decision.kind(), actor.roles(), false); // state and role first, before reading more
        String patientId = ClaimToFhirMapper.patientId((String) head.get("insured_id"),
                ((Number) head.get("beneficiary_rank")).intValue());
        String comment = trimToNull(decision.comment());
        ReviewRules.Approval approval = null;
        Long answers = null;
        switch (decision.kind()) {
            case APPROVE -> {
                List<ReviewRules.ClaimLine> lines = jdbc.query(
                        "select line_no, billed, status = 'ACCEPTED' from claim_line where claim_id = ?",
                        (rs, i) -> new ReviewRules.ClaimLine(rs.getInt(1), rs.getBigDecimal(2), rs.getBoolean(3)),
                        claimId);
                approval = rules.approve(lines, decision.lines() == null ? List.of() : decision.lines());
            }
            case REQUEST_DOCUMENT -> {
                if (trimToNull(decision.missingDocument()) == null || decision.missingDocument().length() > 500) {
                    throw new ReviewRefused(ReviewRefused.Kind.INVALID,
                            "Champ missingDocument obligatoire (500 caractères au plus) : quelle pièce manque.");
                }
            }
            case CONFIRM, RETURN -> {
                Map<String, Object> pending = jdbc.queryForMap("""
                        select d.id, d.decided_by from review_decision d
                        where d.claim_id = ? and d.kind = 'APPROVE' and d.requires_confirmation
                          and not exists (select 1 from review_decision a where a.answers_decision = d.id)
                        order by d.id desc limit 1""", claimId);
                answers = ((Number) pending.get("id")).longValue();
                if (decision.kind() == DecisionKind.CONFIRM) {
                    rules.checkConfirmer((String) pending.get("decided_by"), actor.username());
                } else if (comment == null) {
                    throw new ReviewRefused(ReviewRefused.Kind.INVALID, "Un renvoi exige un commentaire.");
                }
            }
            case DOCUMENT_RECEIVED -> {
            }
        }
        ReviewState next = rules.next(current, decision.kind(), actor.roles(),
                approval != null && approval.needsConfirmation());
        if (comment != null && comment.length() > 2000) {
            throw new ReviewRefused(ReviewRefused.Kind.INVALID, "Commentaire de 2000 caractères au plus.");
        }
        long decisionId = jdbc.queryForObject("""
                insert into review_decision (claim_id, kind, decided_by, decided_role, comment, missing_document,
                                             approved_amount, requires_confirmation, answers_decision)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, claimId, decision.kind().name(),
                actor.username(), actor.rolesText(), comment, trimToNull(decision.missingDocument()),
                approval == null ? null : approval.approvedAmount(), approval != null && approval.needsConfirmation(),
                answers);
        if (approval != null && decision.lines() != null) {
            jdbc.batchUpdate("""
                    insert into review_line_adjustment (decision_id, claim_id, line_no, action, allowed_amount,
                                                        reason_code, justification)
                    values (?, ?, ?, ?, ?, ?, ?)""", decision.lines().stream().map(a -> new Object[] {decisionId,
                    claimId, a.lineNo(), a.action(), a.action().equals("REDUCE") ? a.allowedAmount() : null,
                    a.reason().name(), trimToNull(a.justification()) == null ? a.reason().labelFr()
                            : a.justification().trim()}).toList());
        }
        Long effective = switch (decision.kind()) {
            case APPROVE -> next == ReviewState.DECIDED ? decisionId : null;
            case CONFIRM -> answers;
            default -> null;
        };
        jdbc.update("""
                update claim set review_state = ?, updated_at = now(),
                    review_decision_id = coalesce(?, review_decision_id),
                    settleable_since = case when ? = 'DECIDED' then now() end,
                    incomplete_since = case when ? = 'INCOMPLETE' then now() end,
                    deadline_paused_days = deadline_paused_days + case when ? then
                        greatest(1, ceil(extract(epoch from now() - incomplete_since) / 86400))::integer else 0 end
                where id = ?""", next.name(), effective, next.name(), next.name(),
                decision.kind() == DecisionKind.DOCUMENT_RECEIVED, claimId);
        audit.record(new AuditTrail.Entry(AuditTrail.Subtype.DECISION, actor.username(), actor.rolesText(), patientId,
                claimId, "decision=" + decision.kind(), AuditTrail.Outcome.SUCCESS, null, actor.sourceAddress()));
        return new DecisionResult(claimId, decisionId, next, approval != null && approval.needsConfirmation(),
                approval == null ? null : approval.approvedAmount(), next == ReviewState.DECIDED);
    }

    // ------------------------------------------------------------------------------------------- ALD expiry

    /** ALD recognitions ending within the warning window: renewals to prepare. Recorded as a search. */
    public List<Map<String, Object>> aldExpiring(Integer withinDays, Actor actor) {
        int days = withinDays == null ? aldExpiryWarningDays : Math.max(0, Math.min(withinDays, 366));
        return transaction.execute(status -> {
            audit.record(new AuditTrail.Entry(AuditTrail.Subtype.SEARCH, actor.username(), actor.rolesText(), null,
                    null, "ald-expiring withinDays=" + days, AuditTrail.Outcome.SUCCESS, null, actor.sourceAddress()));
            return jdbc.query("""
                    select insured_id, beneficiary_rank, ald_group, valid_to, valid_to - current_date
                    from ald_recognition
                    where valid_to >= current_date and valid_to <= current_date + ?
                    order by valid_to, insured_id, beneficiary_rank limit 1000""", (rs, i) -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("patientId", ClaimToFhirMapper.patientId(rs.getString(1), rs.getInt(2)));
                        row.put("aldGroup", rs.getInt(3));
                        row.put("validTo", rs.getDate(4).toLocalDate().toString());
                        row.put("daysToExpiry", rs.getInt(5));
                        return row;
                    }, days);
        });
    }

    private static Object[] toArray(Object sqlArray) {
        try {
            return (Object[]) ((java.sql.Array) sqlArray).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant().toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
