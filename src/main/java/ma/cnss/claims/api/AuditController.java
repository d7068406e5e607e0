package ma.cnss.claims.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import ma.cnss.claims.audit.AuditTrail;
import ma.cnss.claims.security.StaffPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Auditors read the audit trail as a FHIR Bundle of AuditEvent; reading it is itself recorded. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    private final AuditTrail audit;

    public AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping(value = "/events", produces = "application/fhir+json")
    public String events(@RequestParam String from, @RequestParam String to,
            @RequestParam(required = false) String agent, @RequestParam(defaultValue = "1000") int limit,
            @AuthenticationPrincipal StaffPrincipal principal, HttpServletRequest request) {
        Instant start;
        Instant end;
        try {
            start = Instant.parse(from);
            end = Instant.parse(to);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide",
                    "from et to : instants UTC ISO 8601 (ex. 2026-11-22T00:00:00Z).");
        }
        if (limit < 1 || limit > 10_000) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide", "limit entre 1 et 10000.");
        }
        audit.record(new AuditTrail.Entry(AuditTrail.Subtype.SEARCH, principal.username(),
                String.join(",", principal.roles()), null, null, request.getQueryString(), AuditTrail.Outcome.SUCCESS,
                null, request.getRemoteAddr()));
        return audit.eventsAsFhirBundle(start, end, agent, limit);
    }
}
