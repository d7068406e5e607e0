package ma.cnss.claims.api;

import ca.uhn.fhir.context.FhirContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.security.ClinicPrincipal;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * FHIR R4 read API (contract §4): the stored Claim, Patient and Coverage of accepted claims, searches of Claim by
 * patient and {@code _lastUpdated}, and the CapabilityStatement. A clinic sees only its own claims, and a patient or
 * coverage only through one of them. Errors are OperationOutcome.
 */
@RestController
@RequestMapping("/fhir")
public class FhirController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");
    private static final Set<String> READABLE = Set.of("Claim", "Patient", "Coverage");
    private static final int MAX_COUNT = 500;

    private final JdbcTemplate jdbc;
    private final FhirContext fhir;
    private final ma.cnss.claims.fhir.AdjudicationResources adjudication;

    public FhirController(JdbcTemplate jdbc, FhirContext fhir, ma.cnss.claims.fhir.AdjudicationResources adjudication) {
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.adjudication = adjudication;
    }

    /** Raised for any FHIR error; answered as an OperationOutcome with the status. */
    static class FhirProblem extends RuntimeException {
        final HttpStatus status;
        final OperationOutcome.IssueType type;

        FhirProblem(HttpStatus status, OperationOutcome.IssueType type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    @GetMapping(value = "/metadata", produces = {"application/fhir+json", "application/json"})
    public ResponseEntity<String> metadata() {
        CapabilityStatement capability = new CapabilityStatement();
        capability.setStatus(Enumerations.PublicationStatus.ACTIVE);
        capability.setDate(new Date());
        capability.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        capability.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        capability.addFormat("application/fhir+json");
        capability.getSoftware().setName("amo-claims");
        capability.setPublisher("CNSS - amo-claims");
        CapabilityStatement.CapabilityStatementRestComponent rest = capability.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Authorization: Bearer <clinic API key>; a clinic reads its own claims only");
        for (String type : List.of("Claim", "Patient", "Coverage", "ClaimResponse", "ExplanationOfBenefit")) {
            CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type);
            resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
            if (type.equals("ExplanationOfBenefit")) {
                resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
                resource.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
            }
            if (type.equals("Claim")) {
                resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
                resource.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
                resource.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE);
            }
        }
        return fhirJson(HttpStatus.OK, fhir.newJsonParser().encodeResourceToString(capability));
    }

    @GetMapping(value = "/{type}/{id}")
    public ResponseEntity<String> read(@AuthenticationPrincipal ClinicPrincipal clinic, @PathVariable String type,
            @PathVariable String id) {
        if (type.equals("ClaimResponse") || type.equals("ExplanationOfBenefit")) {
            String prefix = type.equals("ClaimResponse") ? "cr-" : "eob-";
            java.util.Optional<String> body = id.matches("^" + prefix + "[0-9]{1,18}$")
                    ? (type.equals("ClaimResponse")
                            ? adjudication.claimResponse(Long.parseLong(id.substring(prefix.length())),
                                    clinic.submitterInpe())
                            : adjudication.explanationOfBenefit(Long.parseLong(id.substring(prefix.length())),
                                    clinic.submitterInpe()))
                    : java.util.Optional.empty();
            return fhirJson(HttpStatus.OK, body.orElseThrow(() -> new FhirProblem(HttpStatus.NOT_FOUND,
                    OperationOutcome.IssueType.NOTFOUND, type + "/" + shorten(id) + " introuvable (ou pas encore "
                            + "liquidé).")));
        }
        if (!READABLE.contains(type)) {
            throw new FhirProblem(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTSUPPORTED,
                    "Type de ressource « " + shorten(type) + " » non servi : Claim, Patient, Coverage, "
                            + "ClaimResponse ou ExplanationOfBenefit.");
        }
        String visible = switch (type) {
            case "Claim" -> "submitter_inpe = ?";
            default -> "exists (select 1 from fhir_resource c where c.resource_type = 'Claim' "
                    + "and c.submitter_inpe = ? and c.patient_id = r.patient_id)";
        };
        List<String> bodies = jdbc.queryForList("select body::text from fhir_resource r where resource_type = ? "
                + "and id = ? and " + visible, String.class, type, id, clinic.submitterInpe());
        if (bodies.isEmpty()) {
            throw new FhirProblem(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND,
                    type + "/" + shorten(id) + " introuvable.");
        }
        return fhirJson(HttpStatus.OK, bodies.get(0));
    }

    /** {@code GET /fhir/Claim?patient=Patient/pat-...&_lastUpdated=ge2026-11-01}, newest first. */
    @GetMapping("/Claim")
    public ResponseEntity<String> searchClaims(@AuthenticationPrincipal ClinicPrincipal clinic,
            @RequestParam Map<String, String> parameters) {
        StringBuilder where = new StringBuilder("resource_type = 'Claim' and submitter_inpe = ?");
        List<Object> arguments = new ArrayList<>(List.of(clinic.submitterInpe()));
        int count = 50;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "patient" -> {
                    where.append(" and patient_id = ?");
                    arguments.add(value.startsWith("Patient/") ? value.substring(8) : value);
                }
                case "_lastUpdated" -> {
                    String prefix = value.length() > 2 ? value.substring(0, 2) : "";
                    String operator = switch (prefix) {
                        case "ge" -> ">=";
                        case "gt" -> ">";
                        case "le" -> "<=";
                        case "lt" -> "<";
                        default -> null;
                    };
                    String instant = operator == null ? value : value.substring(2);
                    where.append(" and last_updated ").append(operator == null ? ">=" : operator).append(" ?");
                    arguments.add(instant(instant));
                }
                case "_count" -> {
                    try {
                        count = Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(value)));
                    } catch (NumberFormatException e) {
                        throw new FhirProblem(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID,
                                "_count : entier attendu.");
                    }
                }
                case "_format" -> {
                    // JSON is the only format served
                }
                default -> throw new FhirProblem(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.NOTSUPPORTED,
                        "Paramètre de recherche « " + shorten(parameter.getKey()) + " » non pris en charge "
                                + "(patient, _lastUpdated, _count).");
            }
        }
        arguments.add(count);
        List<String> bodies = jdbc.queryForList("select body::text from fhir_resource where " + where
                + " order by last_updated desc, id limit ?", String.class, arguments.toArray());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(bodies.size());
        bundle.setTimestamp(new Date());
        var parser = fhir.newJsonParser();
        for (String body : bodies) {
            var claim = parser.parseResource(org.hl7.fhir.r4.model.Claim.class, body);
            bundle.addEntry().setFullUrl("Claim/" + claim.getIdElement().getIdPart()).setResource(claim)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return fhirJson(HttpStatus.OK, parser.encodeResourceToString(bundle));
    }

    /** {@code GET /fhir/ExplanationOfBenefit?patient=Patient/pat-...}: the member's adjudicated claims. */
    @GetMapping("/ExplanationOfBenefit")
    public ResponseEntity<String> searchExplanations(@AuthenticationPrincipal ClinicPrincipal clinic,
            @RequestParam Map<String, String> parameters) {
        String patient = parameters.get("patient");
        if (patient == null || !parameters.keySet().stream().allMatch(k -> Set.of("patient", "_count", "_format")
                .contains(k))) {
            throw new FhirProblem(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.NOTSUPPORTED,
                    "Recherche ExplanationOfBenefit : paramètre patient obligatoire (et _count).");
        }
        int count;
        try {
            count = Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(parameters.getOrDefault("_count", "50"))));
        } catch (NumberFormatException e) {
            throw new FhirProblem(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID, "_count : entier attendu.");
        }
        var found = adjudication.explanationsOfBenefit(patient.startsWith("Patient/") ? patient.substring(8) : patient,
                clinic.submitterInpe(), count);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(found.size());
        bundle.setTimestamp(new Date());
        found.forEach(eob -> bundle.addEntry().setFullUrl("ExplanationOfBenefit/" + eob.getIdElement().getIdPart())
                .setResource(eob).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
        return fhirJson(HttpStatus.OK, fhir.newJsonParser().encodeResourceToString(bundle));
    }

    @ExceptionHandler(FhirProblem.class)
    public ResponseEntity<String> problem(FhirProblem problem) {
        return fhirJson(problem.status, operationOutcome(fhir, problem.type, problem.getMessage()));
    }

    static String operationOutcome(FhirContext fhir, OperationOutcome.IssueType type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
        return fhir.newJsonParser().encodeResourceToString(outcome);
    }

    private static ResponseEntity<String> fhirJson(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(body);
    }

    private static OffsetDateTime instant(String text) {
        try {
            if (text.length() == 10) {
                return OffsetDateTime.parse(text + "T00:00:00Z");
            }
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new FhirProblem(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID,
                    "_lastUpdated : date AAAA-MM-JJ ou instant ISO attendu, avec préfixe ge, gt, le ou lt.");
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
