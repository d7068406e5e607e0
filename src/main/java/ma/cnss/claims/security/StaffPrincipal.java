package ma.cnss.claims.security;

import java.util.List;

/** A signed-in CNSS staff member: username, roles (ADJUSTER, SUPERVISOR, AUDITOR) and the session's id. */
public record StaffPrincipal(String username, List<String> roles, String sessionId) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return username;
    }
}
