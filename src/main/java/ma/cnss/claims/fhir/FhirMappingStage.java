package ma.cnss.claims.fhir;

import ma.cnss.claims.shared.CrashPoints;
import ma.cnss.claims.shared.StageQuarantine;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maps accepted claims to FHIR R4 a batch at a time and stores each resource once, encoded: the read API serves
 * the stored bytes. Claims are taken with FOR UPDATE SKIP LOCKED (several instances share the work).
 */
@Service
public class FhirMappingStage {

    private static final Logger LOG = LoggerFactory.getLogger(FhirMappingStage.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CrashPoints crashPoints;
    private final StageQuarantine quarantine;
    private final IParser json;
    private final ClaimToFhirMapper mapper = new ClaimToFhirMapper();
    private final int batchSize;

    public FhirMappingStage(JdbcTemplate jdbc, TransactionTemplate transaction, CrashPoints crashPoints,
            StageQuarantine quarantine,
            FhirContext fhir,
            @Value("${claims.fhir.batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.crashPoints = crashPoints;
        this.quarantine = quarantine;
        this.json = fhir.newJsonParser();
        this.batchSize = batchSize;
    }

    /** Maps the next batch; returns how many claims were encoded (0: none waiting). */
    public int mapNextBatch() {
        int done = transaction.execute(status -> {
            StageQuarantine.derivedWork(jdbc);
            return mapBatch();
        });
        if (done > 0) {
            crashPoints.after("fhir.batch-committed");
            LOG.info("Encoded {} accepted claims as FHIR", done);
        }
        return done;
    }

    private int mapBatch() {
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        jdbc.query("""
                select c.id, c.submitter_inpe, c.claim_ref, c.regime, c.insured_id, c.beneficiary_rank,
                       m.relationship, m.birth_date, m.rights_from, m.rights_to, c.provider_inpe,
                       p.kind in ('CLINIC', 'PUBLIC_HOSPITAL'), c.sector, c.care_setting = 'HOSPITAL',
                       c.admission_date, c.discharge_date, c.prior_approval_ref, c.diagnoses, c.payee,
                       (s.received_at at time zone 'Africa/Casablanca')::date, p.ice
                from claim c
                join submission s on s.id = c.submission_id
                join member m on m.insured_id = c.insured_id and m.beneficiary_rank = c.beneficiary_rank
                join provider p on p.inpe = c.provider_inpe
                where c.fhir_mapped_at is null and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and %s
                order by c.id limit ? for update of c skip locked""".formatted(StageQuarantine.NOT_QUARANTINED),
                rs -> {
                    Object[] h = new Object[21];
                    for (int i = 0; i < 21; i++) {
                        h[i] = rs.getObject(i + 1);
                    }
                    h[17] = rs.getArray(18) == null ? new String[0] : (String[]) rs.getArray(18).getArray();
                    heads.put(rs.getLong(1), h);
                }, batchSize);
        if (heads.isEmpty()) {
            return 0;
        }
        Map<Long, List<ClaimToFhirMapper.AcceptedLine>> lines = new HashMap<>();
        jdbc.query("""
                select claim_id, line_no, line_type, code, quantity, service_date, billed from claim_line
                where claim_id = any(?) and status = 'ACCEPTED' order by claim_id, line_no""", rs -> {
                    lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ClaimToFhirMapper.AcceptedLine(
                            rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getDate(6).toLocalDate(),
                            rs.getBigDecimal(7)));
                }, (Object) heads.keySet().toArray(Long[]::new));
        List<Object[]> claims = new ArrayList<>();
        // Patient, Coverage, provider: once per batch, and rewritten only when they changed (no dead row otherwise);
        // in key order, so that two workers lock shared rows in the same order and never deadlock
        Map<String, Object[]> shared = new java.util.TreeMap<>();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Long> encoded = new ArrayList<>();
        heads.forEach((id, h) -> {
            ClaimToFhirMapper.Mapped mapped;
            try {
                quarantine.injectFault("FHIR", (String) h[2]);
                mapped = mapper.map(new ClaimToFhirMapper.AcceptedClaim(id, (String) h[1],
                    (String) h[2], (String) h[3], (String) h[4], ((Number) h[5]).intValue(), (String) h[6],
                    date(h[7]), date(h[8]), date(h[9]), (String) h[10], (Boolean) h[11], (String) h[12],
                    (Boolean) h[13], date(h[14]), date(h[15]), (String) h[16], List.of((String[]) h[17]),
                    (String) h[18], date(h[19]), lines.getOrDefault(id, List.of())), (String) h[20]);
            } catch (RuntimeException poison) {
                quarantine.failed(id, "FHIR", poison); // the rest of the batch goes on
                return;
            }
            encoded.add(id);
            String patientId = mapped.patient().getIdPart();
            claims.add(new Object[] {"Claim", mapped.claim().getIdPart(), id, h[1], patientId, now,
                    json.encodeResourceToString(mapped.claim())});
            for (Resource resource : List.<Resource>of(mapped.patient(), mapped.coverage(), mapped.provider())) {
                String type = resource.fhirType();
                shared.put(type + "/" + resource.getIdPart(), new Object[] {type, resource.getIdPart(), null, null,
                        type.equals("Coverage") || type.equals("Patient") ? patientId : null, now,
                        json.encodeResourceToString(resource)});
            }
        });
        jdbc.batchUpdate("""
                insert into fhir_resource (resource_type, id, claim_id, submitter_inpe, patient_id, last_updated, body)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (resource_type, id) do update set body = excluded.body, last_updated = excluded.last_updated
                where fhir_resource.body is distinct from excluded.body
                """, new ArrayList<>(shared.values()));
        jdbc.batchUpdate("""
                insert into fhir_resource (resource_type, id, claim_id, submitter_inpe, patient_id, last_updated, body)
                values (?, ?, ?, ?, ?, ?, ?)""", claims);
        jdbc.update("update claim set fhir_mapped_at = now() where id = any(?)",
                (Object) encoded.toArray(Long[]::new));
        return heads.size();
    }

    private static LocalDate date(Object value) {
        return value == null ? null : ((java.sql.Date) value).toLocalDate();
    }
}
