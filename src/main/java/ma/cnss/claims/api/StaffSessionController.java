package ma.cnss.claims.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import ma.cnss.claims.audit.AuditTrail;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.security.StaffPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff sign-in: {@code POST /api/v1/auth/sessions} with {@code {"username", "password"}} answers a session token
 * to present as {@code Authorization: Bearer amu_...}; {@code GET .../current} says who it is;
 * {@code DELETE .../current} signs out. Sign-ins, failed ones included, are in the audit trail.
 */
@RestController
@RequestMapping("/api/v1/auth/sessions")
public class StaffSessionController {

    private final StaffAccounts accounts;
    private final AuditTrail audit;

    public StaffSessionController(StaffAccounts accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @PostMapping(consumes = "application/json", produces = "application/json")
    public ResponseEntity<Map<String, Object>> signIn(@RequestBody JsonNode body, HttpServletRequest request) {
        String username = body.path("username").asText("");
        String password = body.path("password").asText("");
        String agent = username.matches("^[a-z0-9._-]{3,64}$") ? username : "(invalide)";
        try {
            StaffAccounts.Session session = accounts.signIn(username, password);
            audit.record(new AuditTrail.Entry(AuditTrail.Subtype.SIGN_IN, session.username(),
                    String.join(",", session.roles()), null, null, null, AuditTrail.Outcome.SUCCESS, null,
                    request.getRemoteAddr()));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", session.token());
            answer.put("username", session.username());
            answer.put("roles", session.roles());
            answer.put("expiresAt", session.expiresAt().toString());
            return ResponseEntity.status(HttpStatus.CREATED).body(answer);
        } catch (StaffAccounts.SignInRefused refused) {
            audit.record(new AuditTrail.Entry(AuditTrail.Subtype.SIGN_IN, agent, "", null, null, null,
                    AuditTrail.Outcome.REFUSED, refused.failure().name(), request.getRemoteAddr()));
            if (refused.failure() == StaffAccounts.SignInFailure.LOCKED) {
                throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Compte verrouillé",
                        "Trop d'essais infructueux : réessayez dans quelques minutes.", 900L);
            }
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Connexion refusée", "Identifiant ou mot de passe incorrect.");
        }
    }

    @GetMapping(value = "/current", produces = "application/json")
    public Map<String, Object> current(@AuthenticationPrincipal StaffPrincipal principal) {
        return Map.of("username", principal.username(), "roles", principal.roles());
    }

    @DeleteMapping("/current")
    public ResponseEntity<Void> signOut(@AuthenticationPrincipal StaffPrincipal principal, HttpServletRequest request) {
        accounts.signOut(principal.sessionId());
        audit.record(new AuditTrail.Entry(AuditTrail.Subtype.SIGN_OUT, principal.username(),
                String.join(",", principal.roles()), null, null, null, AuditTrail.Outcome.SUCCESS, null,
                request.getRemoteAddr()));
        return ResponseEntity.noContent().build();
    }
}
