package ma.cnss.claims.audit;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The audit trail of law 09-08: one record per read, search, export or decision touching patient data, shaped like
 * a FHIR AuditEvent (IHE BALP: who, patient, what, when in UTC, outcome, purpose). Records are only ever inserted;
 * the table refuses UPDATE and DELETE and the application's database role is not granted them.
 */
@Service
public class AuditTrail {

    /** What was done: a read of one patient's data, a search, an export, a decision, a sign-in or sign-out. */
    public enum Subtype {
        READ("read", "R"), SEARCH("search", "E"), EXPORT("export", "R"), DECISION("decision", "U"),
        SIGN_IN("sign-in", "E"), SIGN_OUT("sign-out", "E");

        final String code;
        final String action;

        Subtype(String code, String action) {
            this.code = code;
            this.action = action;
        }
    }

    /** AuditEvent.outcome: 0 success, 4 minor failure (refused, not found), 8 serious failure. */
    public enum Outcome {
        SUCCESS("0"), REFUSED("4"), FAILED("8");

        final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    public record Entry(Subtype subtype, String agent, String agentRoles, String patientId, Long claimId, String query,
            Outcome outcome, String outcomeDetail, String sourceAddress) {
    }

    private final JdbcTemplate jdbc;
    private final FhirContext fhir;

    public AuditTrail(JdbcTemplate jdbc, FhirContext fhir) {
        this.jdbc = jdbc;
        this.fhir = fhir;
    }

    public void record(Entry entry) {
        jdbc.update("""
                insert into audit_event (action, subtype, agent, agent_roles, patient, claim_id, query, outcome,
                                         outcome_detail, source_address)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                entry.subtype().action, entry.subtype().code, entry.agent(), entry.agentRoles(), entry.patientId(),
                entry.claimId(), truncate(entry.query(), 2000), entry.outcome().code,
                truncate(entry.outcomeDetail(), 500), entry.sourceAddress());
    }

    /** Audit events recorded in [from, to), oldest first, as a FHIR searchset Bundle of AuditEvent. */
    public String eventsAsFhirBundle(Instant from, Instant to, String agent, int limit) {
        List<AuditEvent> events = new ArrayList<>();
        jdbc.query("""
                select id, recorded_at, action, subtype, agent, agent_roles, patient, claim_id, query, outcome,
                       outcome_detail, purpose, source_address
                from audit_event where recorded_at >= ? and recorded_at < ? and (?::text is null or agent = ?)
                order by id limit ?""", rs -> {
                    AuditEvent event = new AuditEvent();
                    event.setId(String.valueOf(rs.getLong("id")));
                    event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                            "RESTful Operation"));
                    event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", rs.getString("subtype"),
                            null));
                    event.setAction(AuditEvent.AuditEventAction.fromCode(rs.getString("action")));
                    event.setRecorded(Date.from(rs.getTimestamp("recorded_at").toInstant()));
                    event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(rs.getString("outcome")));
                    event.setOutcomeDesc(rs.getString("outcome_detail"));
                    event.addPurposeOfEvent(new CodeableConcept(new Coding("https://cnss.ma/fhir/CodeSystem/purpose",
                            rs.getString("purpose"), null)));
                    AuditEvent.AuditEventAgentComponent who = event.addAgent();
                    who.setRequestor(true);
                    who.setWho(new Reference().setDisplay(rs.getString("agent")));
                    who.addRole(new CodeableConcept().setText(rs.getString("agent_roles")));
                    if (rs.getString("source_address") != null) {
                        who.getNetwork().setAddress(rs.getString("source_address"))
                                .setType(AuditEvent.AuditEventAgentNetworkType._2);
                    }
                    event.getSource().setObserver(new Reference().setDisplay("amo-claims"));
                    if (rs.getString("patient") != null) {
                        event.addEntity().setWhat(new Reference("Patient/" + rs.getString("patient")))
                                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1",
                                        "Person"));
                    }
                    long claimId = rs.getLong("claim_id");
                    if (!rs.wasNull()) {
                        event.addEntity().setWhat(new Reference("Claim/claim-" + claimId))
                                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2",
                                        "System Object"));
                    }
                    if (rs.getString("query") != null) {
                        event.addEntity().setQuery(rs.getString("query").getBytes(
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                    events.add(event);
                }, Timestamp.from(from), Timestamp.from(to), agent, agent, limit);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(events.size());
        events.forEach(e -> bundle.addEntry().setResource(e));
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
