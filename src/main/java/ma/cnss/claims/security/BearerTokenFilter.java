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
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() < 200) {
            String token = header.substring(7).trim();
            if (staff.isToken(token)) {
                staff.authenticate(token).ifPresent(principal -> SecurityContextHolder.getContext().setAuthentication(
                        new UsernamePasswordAuthenticationToken(principal, null, principal.roles().stream()
                                .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList())));
                chain.doFilter(request, response);
                return;
            }
            apiKeys.authenticate(token).ifPresent(inpe -> {
                ClinicPrincipal principal = new ClinicPrincipal(inpe, token.substring(4, 16));
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                        principal, null, List.of(new SimpleGrantedAuthority("ROLE_CLINIC"))));
            });
        }
        chain.doFilter(request, response);
    }
}
