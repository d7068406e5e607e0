package ma.cnss.claims.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import ma.cnss.claims.support.StaffHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Roles, isolation, sessions and the audit trail of the staff side. */
class StaffAccessAndAuditIntegrationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    StaffAccounts accounts;

    StaffHttp http;

    @BeforeEach
    void client() {
        http = new StaffHttp(port);
    }

    private int status(String method, String path, String token) throws Exception {
        return http.send(method, path, token, method.equals("POST") ? "{}" : null).statusCode();
    }

    @Test
    void clinicsCannotReachAdjusterEndpointsAndStaffCannotSubmitClaims() throws Exception {
        String clinic = apiKeys.issue("650000001").key();
        String adjuster = http.signIn(StaffHttp.newUser(accounts, "adj", "ADJUSTER"));
        String auditor = http.signIn(StaffHttp.newUser(accounts, "aud", "AUDITOR"));
        String audit = "/api/v1/audit/events?from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

        assertThat(status("GET", "/api/v1/review/queue", null)).isEqualTo(401);
        assertThat(status("GET", "/api/v1/review/queue", clinic)).isEqualTo(403);
        assertThat(status("POST", "/api/v1/review/claims/1/decision", clinic)).isEqualTo(403);
        assertThat(status("GET", audit, clinic)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/review/queue", adjuster)).isEqualTo(200);
        assertThat(status("GET", audit, adjuster)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/review/queue", auditor)).isEqualTo(403);
        assertThat(status("GET", audit, auditor)).isEqualTo(200);
        // staff cannot submit claims nor read clinics' FHIR data as a clinic
        HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/submissions")).header("Authorization", "Bearer " + adjuster)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(
                        ClaimCsv.file().validClaim("S-1").text())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isEqualTo(403);
        assertThat(submitted.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(status("GET", "/api/v1/submissions/1", adjuster)).isEqualTo(403);
    }

    @Test
    void passwordsAreStoredAsBcryptHashesAndWrongOnesAreRefused() throws Exception {
        String username = StaffHttp.newUser(accounts, "pwd", "ADJUSTER");

        String hash = jdbc.queryForObject("select password_hash from staff_user where username = ?", String.class,
                username);
        assertThat(hash).startsWith("$2a$").doesNotContain(StaffHttp.PASSWORD);
        HttpResponse<String> wrong = http.send("POST", "/api/v1/auth/sessions", null,
                "{\"username\":\"" + username + "\",\"password\":\"not the password\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Identifiant ou mot de passe incorrect");
        HttpResponse<String> unknown = http.send("POST", "/api/v1/auth/sessions", null,
                "{\"username\":\"nobody-here\",\"password\":\"whatever it is\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void fiveFailedSignInsLockTheAccount() throws Exception {
        String username = StaffHttp.newUser(accounts, "lock", "ADJUSTER");
        for (int i = 0; i < 5; i++) {
            http.send("POST", "/api/v1/auth/sessions", null,
                    "{\"username\":\"" + username + "\",\"password\":\"wrong password " + i + "\"}");
        }
        HttpResponse<String> locked = http.send("POST", "/api/v1/auth/sessions", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + StaffHttp.PASSWORD + "\"}");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void sessionsExpireAfterIdleTimeAndOnSignOut() throws Exception {
        String username = StaffHttp.newUser(accounts, "sess", "ADJUSTER");
        String token = http.signIn(username);
        assertThat(status("GET", "/api/v1/auth/sessions/current", token)).isEqualTo(200);

        jdbc.update("update staff_session set last_seen_at = now() - interval '31 minutes' where username = ?", username);
        assertThat(status("GET", "/api/v1/review/queue", token)).isEqualTo(401);

        String second = http.signIn(username);
        jdbc.update("update staff_session set expires_at = now() - interval '1 second' where username = ? "
                + "and revoked_at is null and last_seen_at > now() - interval '1 minute'", username);
        assertThat(status("GET", "/api/v1/review/queue", second)).isEqualTo(401);

        String third = http.signIn(username);
        assertThat(status("DELETE", "/api/v1/auth/sessions/current", third)).isEqualTo(204);
        assertThat(status("GET", "/api/v1/review/queue", third)).isEqualTo(401);
    }

    @Test
    void aScriptedReviewOfNReadsWritesExactlyNAuditRecords() throws Exception {
        String clinic = apiKeys.issue("650000002").key();
        List<Long> claims = ReviewFixtures.submitAndFlag(port, jdbc, clinic, ClaimCsv.file()
                .row(ReviewFixtures.consultationRows("AU-1", "E11.9")).validClaim("AU-2"));
        String username = StaffHttp.newUser(accounts, "audited", "ADJUSTER");
        String token = http.signIn(username);
        Instant start = Instant.now();

        int reads = 0;
        for (int round = 0; round < 3; round++) {
            for (long claim : claims) {
                assertThat(http.get("/api/v1/review/claims/" + claim, token).statusCode()).isEqualTo(200);
                reads++;
            }
        }
        http.get("/api/v1/review/queue?submitter=650000002", token);
        http.get("/api/v1/review/queue?flag=ALD", token);
        http.send("POST", "/api/v1/review/claims/" + claims.get(0) + "/decision", token, "{\"decision\":\"APPROVE\"}");
        http.send("POST", "/api/v1/review/claims/" + claims.get(0) + "/decision", token, "{\"decision\":\"APPROVE\"}");

        Map<String, Object> counts = jdbc.queryForMap("""
                select count(*) filter (where subtype = 'read' and outcome = '0' and patient like 'pat-%'
                                          and action = 'R') reads,
                       count(*) filter (where subtype = 'search') searches,
                       count(*) filter (where subtype = 'decision' and outcome = '0') decisions,
                       count(*) filter (where subtype = 'decision' and outcome = '4') refused,
                       count(*) filter (where subtype = 'sign-in') sign_ins,
                       count(*) total
                from audit_event where agent = ?""", username);
        assertThat(counts).containsEntry("reads", (long) reads).containsEntry("searches", 2L)
                .containsEntry("decisions", 1L).containsEntry("refused", 1L).containsEntry("sign_ins", 1L)
                .containsEntry("total", (long) reads + 5);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where agent = ? and recorded_at < ?",
                Long.class, username, java.sql.Timestamp.from(start.minusSeconds(60)))).isZero();

        // the auditor reads them back as FHIR AuditEvents
        String auditor = http.signIn(StaffHttp.newUser(accounts, "aud", "AUDITOR"));
        HttpResponse<String> bundle = http.get("/api/v1/audit/events?from=" + start.minusSeconds(5) + "&to="
                + Instant.now().plusSeconds(5) + "&agent=" + username, auditor);
        assertThat(bundle.statusCode()).isEqualTo(200);
        org.hl7.fhir.r4.model.Bundle events = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.Bundle.class, bundle.body());
        assertThat(events.getEntry()).hasSize(reads + 5);
        org.hl7.fhir.r4.model.AuditEvent first = events.getEntry().stream()
                .map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
                .filter(e -> e.getSubtypeFirstRep().getCode().equals("read")).findFirst().orElseThrow();
        assertThat(first.getAgentFirstRep().getWho().getDisplay()).isEqualTo(username);
        assertThat(first.getEntityFirstRep().getWhat().getReference()).startsWith("Patient/pat-");
        assertThat(first.getOutcome().toCode()).isEqualTo("0");
    }

    @Test
    void theApplicationRoleCannotUpdateOrDeleteTheAuditTrail() {
        jdbc.update("insert into audit_event (action, subtype, agent, agent_roles, outcome) "
                + "values ('E', 'search', 'role-test', 'ADJUSTER', '0')");

        assertThatThrownBy(() -> jdbc.update("update audit_event set agent = 'someone-else' where agent = 'role-test'"))
                .rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where agent = 'role-test'"))
                .rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_event"))
                .rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where agent = 'role-test'", Long.class))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("amo_app");
    }
}
