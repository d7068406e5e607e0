package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The receipt as FHIR, for FHIR submitters: a Bundle (type collection) with one ClaimResponse per claim. Outcome
 * {@code error} for a refused claim, with one {@code error} per reason (coded in the project's rejection-reason
 * CodeSystem); {@code queued} for a claim accepted at intake and waiting for the later stages.
 */
@Service
public class ClaimResponseReceipts {

    public static final String SUBMISSION_SYSTEM = "https://amo-claims.cnss.ma/fhir/sid/submission";
    private static final String CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type";

    private final JdbcTemplate jdbc;
    private final FhirContext fhir;
    private final AmoTerminology terminology;

    public ClaimResponseReceipts(JdbcTemplate jdbc, FhirContext fhir, AmoTerminology terminology) {
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.terminology = terminology;
    }

    /**
     * The FHIR receipt: a Bundle of ClaimResponse, or, for a file refused whole, an OperationOutcome naming the
     * problem.
     */
    public String bundleJson(long submissionId) {
        java.util.Map<String, Object> head = jdbc.queryForMap("select status, failure_code, failure_message "
                + "from submission where id = ?", submissionId);
        if ("FAILED".equals(head.get("status"))) {
            org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
            String code = (String) head.get("failure_code");
            outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                    .setCode("FILE_LIMIT_EXCEEDED".equals(code) ? org.hl7.fhir.r4.model.OperationOutcome.IssueType.TOOCOSTLY
                            : org.hl7.fhir.r4.model.OperationOutcome.IssueType.STRUCTURE)
                    .setDetails(new CodeableConcept(new Coding(AmoTerminology.REJECTION_REASON_SYSTEM, code,
                            terminology.display(AmoTerminology.REJECTION_REASON_SYSTEM, code))))
                    .setDiagnostics((String) head.get("failure_message"));
            return fhir.newJsonParser().encodeResourceToString(outcome);
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setIdentifier(new Identifier().setSystem(SUBMISSION_SYSTEM).setValue(String.valueOf(submissionId)));
        bundle.setTimestamp(new Date());
        Map<Long, ClaimResponse> responses = new LinkedHashMap<>();
        jdbc.query("""
                select c.id, c.claim_ref, c.status, c.insured_id, c.care_setting, i.line_no, i.reason_code,
                       i.message_fr, c.submitter_inpe
                from claim c left join claim_issue i on i.claim_id = c.id
                where c.submission_id = ? order by c.id, i.id""", rs -> {
                    long id = rs.getLong(1);
                    ClaimResponse response = responses.computeIfAbsent(id, key -> {
                        try {
                            return newResponse(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(9));
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    String reason = rs.getString(7);
                    if (reason != null) {
                        ClaimResponse.ErrorComponent error = response.addError();
                        error.setCode(new CodeableConcept(new Coding(AmoTerminology.REJECTION_REASON_SYSTEM, reason,
                                terminology.display(AmoTerminology.REJECTION_REASON_SYSTEM, reason)))
                                .setText(rs.getString(8)));
                        int lineNo = rs.getInt(6);
                        if (!rs.wasNull()) {
                            error.setItemSequence(lineNo);
                        }
                    }
                }, submissionId);
        responses.values().forEach(r -> bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID
                .nameUUIDFromBytes(("claim-response-" + r.getIdElement().getIdPart()).getBytes())).setResource(r));
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    private static ClaimResponse newResponse(long claimId, String claimRef, String status, String insuredId,
            String careSetting, String submitterInpe) {
        ClaimResponse response = new ClaimResponse();
        response.setId("claim-" + claimId);
        response.setStatus(ClaimResponse.ClaimResponseStatus.ACTIVE);
        response.setType(new CodeableConcept(new Coding(CLAIM_TYPE_SYSTEM,
                "HOSPITAL".equals(careSetting) ? "institutional" : "professional", null)));
        response.setUse(ClaimResponse.Use.CLAIM);
        response.setCreated(new Date());
        response.setPatient(new Reference().setIdentifier(new Identifier()
                .setSystem(AmoFhir.IMMATRICULATION_SYSTEM).setValue(insuredId)));
        response.setInsurer(new Reference().setDisplay("CNSS"));
        response.setRequestor(new Reference().setIdentifier(new Identifier()
                .setSystem(AmoFhir.INPE_SYSTEM).setValue(submitterInpe)));
        response.setRequest(new Reference().setIdentifier(new Identifier().setValue(claimRef)));
        switch (status) {
            case "REJECTED" -> response.setOutcome(ClaimResponse.RemittanceOutcome.ERROR)
                    .setDisposition("Demande refusée");
            case "RECEIVED" -> response.setOutcome(ClaimResponse.RemittanceOutcome.QUEUED)
                    .setDisposition("Demande reçue, en cours de contrôle");
            case "PARTIALLY_ACCEPTED" -> response.setOutcome(ClaimResponse.RemittanceOutcome.PARTIAL)
                    .setDisposition("Demande acceptée en partie : lignes refusées indiquées");
            default -> response.setOutcome(ClaimResponse.RemittanceOutcome.COMPLETE)
                    .setDisposition("Demande acceptée après contrôle");
        }
        return response;
    }
}
