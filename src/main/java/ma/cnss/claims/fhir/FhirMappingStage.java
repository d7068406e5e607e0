package ma.cnss.claims.fhir;

import ma.cnss.claims.platform.CopyIn;
import ma.cnss.claims.platform.DataSources;
import ma.cnss.claims.shared.AcceptedLine;
import ma.cnss.claims.shared.ClaimsInHand;
import ma.cnss.claims.shared.CrashPoints;
import ma.cnss.claims.shared.IntakeHandover;
import ma.cnss.claims.shared.StageQuarantine;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maps accepted claims to FHIR R4 a batch at a time and stores each resource once, encoded: the read API serves
 * the stored bytes. Claims are taken with FOR UPDATE SKIP LOCKED (several instances share the work).
 */
@Service
public class FhirMappingStage implements ClaimsInHand {

    private static final Logger LOG = LoggerFactory.getLogger(FhirMappingStage.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcTemplate sharedJdbc;
    private final TransactionTemplate sharedTransaction;
    private final CrashPoints crashPoints;
    private final StageQuarantine quarantine;
    private final SharedResourceMemo sharedMemo;
    private final int batchSize;
    private final String waiting;

    public FhirMappingStage(JdbcTemplate jdbc, TransactionTemplate transaction, CrashPoints crashPoints,
            StageQuarantine quarantine, SharedResourceMemo sharedMemo,
            @Qualifier(DataSources.SHARED_RESOURCES) JdbcTemplate sharedJdbc,
            @Qualifier(DataSources.SHARED_RESOURCES) TransactionTemplate sharedTransaction,
            @Value("${claims.fhir.batch-size:500}") int batchSize,
            @Value("${claims.flagging.in-hand-steps:true}") boolean encodedByFlagging) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.sharedJdbc = sharedJdbc;
        this.sharedTransaction = sharedTransaction;
        this.crashPoints = crashPoints;
        this.quarantine = quarantine;
        this.sharedMemo = sharedMemo;
        this.batchSize = batchSize;
        // when the flagging stage encodes the claims it holds, this route takes only what it left: claims it has
        // looked at and not encoded (a failed encoding, a claim flagged before this setting)
        this.waiting = waitingClaims(encodedByFlagging) + " order by c.id limit ? for update of c skip locked";
    }

    /** The claims this route takes (a condition on claim {@code c}); V22 indexes them for the default setting. */
    static String waitingClaims(boolean encodedByFlagging) {
        return "c.fhir_mapped_at is null and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED') and "
                + (encodedByFlagging ? "c.flagged_at is not null and " : "") + StageQuarantine.NOT_QUARANTINED;
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
        List<Long> encoded = new ArrayList<>();
        encode(heads, encoded, null, waiting, batchSize);
        jdbc.update("update claim set fhir_mapped_at = now() where id = any(?)",
                (Object) encoded.toArray(Long[]::new));
        return heads.size();
    }

    @Override
    public String doneMarker() {
        return "fhir_mapped_at";
    }

    /**
     * Encodes the accepted claims the flagging stage holds (not those encoded already, nor quarantined ones): those
     * intake handed over as it decided them, the others as read here.
     */
    @Override
    public List<Long> workOn(List<Long> accepted, List<Long> released, Map<Long, List<AcceptedLine>> lines,
            Map<Long, IntakeHandover.HeldClaim> held) {
        List<Long> encoded = new ArrayList<>();
        if (!accepted.isEmpty()) {
            Map<Long, Object[]> heads = new LinkedHashMap<>();
            accepted.stream().map(held::get).filter(java.util.Objects::nonNull).forEach(claim ->
                    heads.put(claim.id(), head(claim)));
            Long[] read = accepted.stream().filter(id -> !heads.containsKey(id)).toArray(Long[]::new);
            encode(heads, encoded, lines, "c.id = any(?) and c.fhir_mapped_at is null and "
                    + StageQuarantine.NOT_QUARANTINED + " order by c.id", read.length == 0 ? null : read);
        }
        return encoded;
    }

    /** A handed-over claim as a row of the claims' read below, column for column. */
    private static Object[] head(IntakeHandover.HeldClaim c) {
        return new Object[] {c.id(), c.submitterInpe(), c.claimRef(), c.regime(), c.insuredId(), c.rank(),
            c.relationship(), c.birthDate(), c.rightsFrom(), c.rightsTo(), c.providerInpe(), c.establishment(),
            c.sector(), c.hospital(), c.admissionDate(), c.dischargeDate(), c.priorApprovalRef(),
            c.diagnoses().toArray(String[]::new), c.payee(), c.received(), c.providerIce()};
    }

    /** The flagging stage committed the claims it had this stage encode: the same durable step as a batch here. */
    @Override
    public void committed(int claims) {
        if (claims > 0) {
            crashPoints.after("fhir.batch-committed");
            LOG.info("Encoded {} accepted claims as FHIR in the flagging stage's batch", claims);
        }
    }

    /**
     * Encodes and stores the claims {@code which} selects (a condition on claim {@code c}, with its one parameter;
     * a null parameter: none) and those already in {@code heads}; fills {@code heads} with the claims taken and
     * {@code encoded} with those stored. {@code acceptedLines}: their lines when the caller read them already, or
     * null.
     */
    private void encode(Map<Long, Object[]> heads, List<Long> encoded, Map<Long, List<AcceptedLine>> acceptedLines,
            String which, Object parameter) {
        // before the registry rows the claims are read with: the memo of shared resources holds for this registry
        long registryVersion = IntakeHandover.registryVersion(jdbc);
        if (parameter != null) {
            read(heads, which, parameter);
        }
        if (heads.isEmpty()) {
            return;
        }
        Map<Long, List<AcceptedLine>> read = acceptedLines != null ? acceptedLines
                : AcceptedLine.of(jdbc, heads.keySet().toArray(Long[]::new));
        Map<Long, List<ClaimToFhirMapper.AcceptedLine>> lines = new HashMap<>();
        for (Long id : heads.keySet()) {
            lines.put(id, read.getOrDefault(id, List.of()).stream().map(l -> new ClaimToFhirMapper.AcceptedLine(
                    l.lineNo(), l.lineType(), l.code(), l.quantity(), l.serviceDate(), l.billed())).toList());
        }
        Map<Long, ClaimToFhirMapper.AcceptedClaim> accepted = new LinkedHashMap<>();
        heads.forEach((id, h) -> accepted.put(id, new ClaimToFhirMapper.AcceptedClaim(id, (String) h[1],
                (String) h[2], (String) h[3], (String) h[4], ((Number) h[5]).intValue(), (String) h[6],
                date(h[7]), date(h[8]), date(h[9]), (String) h[10], (Boolean) h[11], (String) h[12],
                (Boolean) h[13], date(h[14]), date(h[15]), (String) h[16], List.of((String[]) h[17]),
                (String) h[18], date(h[19]), lines.getOrDefault(id, List.of()))));
        // Patient, Coverage, provider: encoded once per batch, and only when not known to be stored as mapped from
        // the same registry fields (no encoding, no dead row otherwise)
        Map<String, String> wanted = new HashMap<>();
        Map<Long, Map<String, String>> fingerprintsOf = new HashMap<>();
        accepted.forEach((id, claim) -> {
            Map<String, String> fingerprints = ClaimToFhirMapper.sharedFingerprints(claim, (String) heads.get(id)[20]);
            fingerprintsOf.put(id, fingerprints);
            wanted.putAll(fingerprints);
        });
        Map<String, String> toWrite = notStoredAsWanted(sharedMemo.notKnown(wanted, registryVersion), registryVersion);
        CopyIn claims = new CopyIn(
                "fhir_resource (resource_type, id, claim_id, submitter_inpe, patient_id, last_updated, body)");
        // each key once (one statement may not upsert a row twice); written in key order, so that two workers lock
        // shared rows in the same order and never deadlock
        Map<String, SharedRow> shared = new java.util.TreeMap<>();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        accepted.forEach((id, claim) -> {
            String ice = (String) heads.get(id)[20];
            String body;
            Map<String, String> sharedBodies = new HashMap<>();
            try {
                quarantine.injectFault("FHIR", claim.claimRef());
                body = ClaimJsonWriter.write(claim);
                for (String key : fingerprintsOf.get(id).keySet()) {
                    if (toWrite.containsKey(key)) {
                        sharedBodies.put(key, SharedResourceJsonWriter.write(key, claim, ice));
                    }
                }
            } catch (RuntimeException poison) {
                quarantine.failed(id, "FHIR", poison); // the rest of the batch goes on
                return;
            }
            encoded.add(id);
            String patientId = ClaimToFhirMapper.patientId(claim.insuredId(), claim.rank());
            claims.text("Claim").text("claim-" + id).number(id).text(claim.submitterInpe()).text(patientId)
                    .timestamp(now.toInstant()).text(body).endRow();
            sharedBodies.forEach((key, sharedBody) -> {
                String fingerprint = toWrite.remove(key);
                if (fingerprint != null) {
                    int slash = key.indexOf('/');
                    String type = key.substring(0, slash);
                    shared.put(key, new SharedRow(type, key.substring(slash + 1),
                            type.equals("Coverage") || type.equals("Patient") ? patientId : null, sharedBody,
                            fingerprint));
                }
            });
        });
        if (!shared.isEmpty()) {
            upsertShared(shared.values(), now);
            sharedMemo.remember(shared.values().stream().collect(java.util.stream.Collectors.toMap(
                    row -> row.type() + "/" + row.id(), SharedRow::fingerprint)), registryVersion);
        }
        claims.copy(jdbc);
    }

    /** A Patient, Coverage or provider resource to store: its key, the Patient it is about, its JSON. */
    private record SharedRow(String type, String id, String patientId, String body, String fingerprint) {
    }

    /**
     * Upserts the batch's new and changed shared resources (an unchanged row is left as it is: the other worker may
     * have stored it since the read), in the order given (key order: two workers then lock shared rows
     * in the same order and never deadlock). Committed before the batch, in a transaction of its own:
     * these rows are the registry's, the same whoever writes them, and held to the batch's end their locks made the
     * other worker's batch wait for its commit (2.5-3.5 s of a national day's database time); a batch rolled back
     * after them leaves them true. One statement over arrays: the driver's batch was multi-row VALUES statements of
     * up to 128 rows and 1,024 parameters, each parsed and planned again.
     */
    private void upsertShared(java.util.Collection<SharedRow> rows, Timestamp now) {
        sharedTransaction.executeWithoutResult(status -> sharedJdbc.update("""
                insert into fhir_resource (resource_type, id, patient_id, last_updated, body, source_fingerprint)
                select u.resource_type, u.id, u.patient_id, ?::timestamptz, u.body, u.source_fingerprint
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as u(resource_type, id, patient_id, body, source_fingerprint)
                order by u.resource_type, u.id
                on conflict (resource_type, id) do update set body = excluded.body,
                    last_updated = excluded.last_updated, source_fingerprint = excluded.source_fingerprint
                where fhir_resource.body is distinct from excluded.body
                   or fhir_resource.source_fingerprint is distinct from excluded.source_fingerprint
                """, now, column(rows, SharedRow::type), column(rows, SharedRow::id),
                column(rows, SharedRow::patientId), column(rows, SharedRow::body),
                column(rows, SharedRow::fingerprint)));
    }

    private static String[] column(java.util.Collection<SharedRow> rows,
            java.util.function.Function<SharedRow, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    /** Reads the claims {@code which} selects into {@code heads}, one row each, with their registry rows. */
    private void read(Map<Long, Object[]> heads, String which, Object parameter) {
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
                where %s""".formatted(which),
                rs -> {
                    Object[] h = new Object[21];
                    for (int i = 0; i < 21; i++) {
                        // dates straight to LocalDate: the driver's java.sql.Date goes through a Calendar per value
                        h[i] = DATE_COLUMNS.contains(i) ? rs.getObject(i + 1, LocalDate.class) : rs.getObject(i + 1);
                    }
                    h[17] = rs.getArray(18) == null ? new String[0] : (String[]) rs.getArray(18).getArray();
                    heads.put(rs.getLong(1), h);
                }, parameter);
    }

    /**
     * Of the shared resources the memo does not know, those whose stored fingerprint differs (or that are not stored),
     * by key; the others are stored as wanted, and the memo learns it. A read, not the upsert: an upsert that finds an
     * identical row leaves it, but locks it first (a WAL record and a dirty page per row), and a large day's members
     * come back after the memo has let them go.
     */
    private Map<String, String> notStoredAsWanted(Map<String, String> unknown, long registryVersion) {
        Map<String, String> changed = new HashMap<>(unknown);
        if (unknown.isEmpty()) {
            return changed;
        }
        String[] types = new String[unknown.size()];
        String[] ids = new String[unknown.size()];
        int i = 0;
        for (String key : unknown.keySet()) {
            int slash = key.indexOf('/');
            types[i] = key.substring(0, slash);
            ids[i++] = key.substring(slash + 1);
        }
        Map<String, String> storedAsWanted = new HashMap<>();
        jdbc.query("""
                select f.resource_type || '/' || f.id, f.source_fingerprint
                from fhir_resource f join unnest(?::text[], ?::text[]) as k(t, i) on f.resource_type = k.t and f.id = k.i
                """, rs -> {
                    String key = rs.getString(1);
                    if (unknown.get(key).equals(rs.getString(2))) {
                        changed.remove(key);
                        storedAsWanted.put(key, rs.getString(2));
                    }
                }, types, ids);
        sharedMemo.remember(storedAsWanted, registryVersion);
        return changed;
    }

    /** Positions of the date columns in a claim head (birth date, rights, admission, discharge, received). */
    private static final java.util.Set<Integer> DATE_COLUMNS = java.util.Set.of(7, 8, 9, 14, 15, 19);

    private static LocalDate date(Object value) {
        return (LocalDate) value;
    }
}
