package ma.cnss.claims.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Clinics authenticate with an API key (role CLINIC) and reach the submission and FHIR APIs
 * only. Staff sign in ({@code POST /api/v1/auth/sessions}) for a session token: adjusters and supervisors reach the
 * review API, auditors the audit trail; staff cannot submit claims.
 * Anonymous: health, the Prometheus scrape (aggregate counters, no personal data; put the management port on the
 * management network in production with MANAGEMENT_SERVER_PORT) and the FHIR CapabilityStatement. Everything else
 * is refused: 401 without credentials, 403 with the wrong role.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * No Spring Security observations. Turned off by the property {@code management.observations.enable.spring.security}
     * alone, the filter chain was still wrapped filter by filter, each wrapper naming its observation by string
     * concatenation on every request: 9-10 % of the request threads' samples at 200 single-claim submits a second
     * (JFR, issue 8). {@code http.server.requests} still times every request.
     */
    @Bean
    public SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, StaffAccounts staff, ObjectMapper json)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                // the console loads only its own script and style, and is never framed
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
                                + "form-action 'self'; base-uri 'none'")))
                .formLogin(form -> form.disable())
                .addFilterBefore(new BearerTokenFilter(apiKeys, staff), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/fhir/metadata", "/error").permitAll()
                        // the console's pages hold no data; everything they show comes from the API below
                        .requestMatchers(HttpMethod.GET, "/console", "/console/", "/console/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/sessions").permitAll()
                        .requestMatchers("/api/v1/auth/sessions/current").hasAnyRole("ADJUSTER", "SUPERVISOR",
                                "AUDITOR", "SETTLEMENT_OFFICER")
                        .requestMatchers("/api/v1/submissions", "/api/v1/submissions/**").hasRole("CLINIC")
                        .requestMatchers("/api/v1/review/**").hasAnyRole("ADJUSTER", "SUPERVISOR")
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        .requestMatchers("/api/v1/settlements/**").hasRole("SETTLEMENT_OFFICER")
                        .requestMatchers("/api/v1/stats/**").hasAnyRole("ADJUSTER", "SUPERVISOR", "AUDITOR",
                                "SETTLEMENT_OFFICER")
                        .requestMatchers("/fhir/**").hasRole("CLINIC")
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problem(json, response, 401,
                                "Authentification requise",
                                "Présentez une clé d'API (Authorization: Bearer amo_...) ou un jeton de session.",
                                request.getRequestURI().startsWith("/fhir")))
                        .accessDeniedHandler((request, response, e) -> {
                            // every denial is on record: who (clinic INPE or staff username), what, never a body
                            var who = org.springframework.security.core.context.SecurityContextHolder.getContext()
                                    .getAuthentication();
                            LOG.warn("Access denied: {} {} for {}", request.getMethod(), request.getRequestURI(),
                                    who == null ? "anonymous" : who.getPrincipal());
                            problem(json, response, 403, "Accès refusé",
                                    "Cette opération n'est pas ouverte à votre rôle.",
                                    request.getRequestURI().startsWith("/fhir"));
                        }));
        return http.build();
    }

    /** problem+json on /api, an OperationOutcome on /fhir (contract §4). */
    private static void problem(ObjectMapper json, HttpServletResponse response, int status, String title,
            String detail, boolean fhir) throws java.io.IOException {
        if (fhir) {
            response.setStatus(status);
            response.setContentType("application/fhir+json");
            response.setCharacterEncoding("UTF-8");
            if (status == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("severity", "error");
            issue.put("code", status == 401 ? "login" : "forbidden");
            issue.put("diagnostics", title + " : " + detail);
            json.writeValue(response.getOutputStream(), Map.of("resourceType", "OperationOutcome",
                    "issue", java.util.List.of(issue)));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), body);
    }
}
