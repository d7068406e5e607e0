package ma.cnss.claims.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer ...}: a clinic API key ({@code amo_...}) makes the request the clinic's (role CLINIC);
 * a staff session token ({@code amu_...}) makes it the staff member's (roles ADJUSTER, SUPERVISOR, AUDITOR).
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiKeys apiKeys;
    private final StaffAccounts staff;

    public BearerTokenFilter(ApiKeys apiKeys, StaffAccounts staff) {
        this.apiKeys = apiKeys;
        this.staff = staff;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            authenticate(request);
        } catch (org.springframework.dao.DataAccessException databaseDown) {
            // credentials are checked in PostgreSQL: without it nothing can be accepted, so say so (never 202 then
            // loss, never 500); clients retry with the same Idempotency-Key
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "30");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service momentanément indisponible\","
                    + "\"status\":503,\"detail\":\"La base de données ne répond pas ; rien n'a été enregistré. "
                    + "Réessayez dans 30 secondes avec la même Idempotency-Key.\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private void authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() < 200) {
            String token = header.substring(7).trim();
            if (staff.isToken(token)) {
                staff.authenticate(token).ifPresent(principal -> SecurityContextHolder.getContext().setAuthentication(
                        new UsernamePasswordAuthenticationToken(principal, null, principal.roles().stream()
                                .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList())));
                return;
            }
            apiKeys.authenticate(token).ifPresent(inpe -> {
                ClinicPrincipal principal = new ClinicPrincipal(inpe, token.substring(4, 16));
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                        principal, null, List.of(new SimpleGrantedAuthority("ROLE_CLINIC"))));
            });
        }
    }
}
