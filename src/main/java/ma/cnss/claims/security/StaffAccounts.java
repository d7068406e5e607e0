package ma.cnss.claims.security;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff accounts (adjusters, supervisors, auditors) and their sessions. Passwords are stored as bcrypt hashes;
 * a session is an opaque bearer token {@code amu_<id>_<secret>} of which only the SHA-256 is kept. A session ends
 * after a period without use or at its absolute expiry; repeated failed sign-ins lock the account for a while.
 */
@Service
public class StaffAccounts {

    public static final Set<String> ROLES = Set.of("ADJUSTER", "SUPERVISOR", "AUDITOR", "SETTLEMENT_OFFICER");
    private static final Pattern TOKEN = Pattern.compile("^amu_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FAILED_SIGN_INS = 5;

    private final JdbcTemplate jdbc;
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(11);
    // compared against when the username is unknown, so that timing does not tell which usernames exist
    private final String decoyHash = passwords.encode("decoy-password-for-unknown-users");
    private final Duration idleTimeout;
    private final Duration maxSession;
    private final Duration lockout;

    public StaffAccounts(JdbcTemplate jdbc,
            @Value("${claims.staff.session-idle-minutes:30}") long idleMinutes,
            @Value("${claims.staff.session-max-hours:8}") long maxHours,
            @Value("${claims.staff.lockout-minutes:15}") long lockoutMinutes) {
        this.jdbc = jdbc;
        this.idleTimeout = Duration.ofMinutes(idleMinutes);
        this.maxSession = Duration.ofHours(maxHours);
        this.lockout = Duration.ofMinutes(lockoutMinutes);
    }

    public record Session(String token, String username, List<String> roles, Instant expiresAt) {
    }

    public enum SignInFailure { BAD_CREDENTIALS, LOCKED }

    public static final class SignInRefused extends RuntimeException {
        private final SignInFailure failure;

        SignInRefused(SignInFailure failure) {
            super(failure.name());
            this.failure = failure;
        }

        public SignInFailure failure() {
            return failure;
        }
    }

    /** Creates or replaces an account (password and roles). */
    public void save(String username, String password, List<String> roles) {
        if (!username.matches("^[a-z0-9._-]{3,64}$")) {
            throw new IllegalArgumentException("username: 3 to 64 of a-z 0-9 . _ -");
        }
        if (password == null || password.length() < 12 || password.length() > 72) {
            throw new IllegalArgumentException("password: 12 to 72 characters");
        }
        if (roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles: one or more of " + ROLES);
        }
        jdbc.update("""
                insert into staff_user (username, password_hash, roles) values (?, ?, ?)
                on conflict (username) do update set password_hash = excluded.password_hash, roles = excluded.roles,
                    enabled = true, failed_sign_ins = 0, locked_until = null""",
                username, passwords.encode(password), roles.toArray(String[]::new));
    }

    /** Disables an account and ends its sessions; returns whether it existed. */
    @Transactional
    public boolean disable(String username) {
        jdbc.update("update staff_session set revoked_at = now() where username = ? and revoked_at is null", username);
        return jdbc.update("update staff_user set enabled = false where username = ?", username) > 0;
    }

    @Transactional(noRollbackFor = SignInRefused.class)
    public Session signIn(String username, String password) {
        record Account(String hash, List<String> roles, boolean enabled, Instant lockedUntil) {
        }
        List<Account> found = jdbc.query("""
                select password_hash, roles, enabled, locked_until from staff_user where username = ? for update""",
                (rs, i) -> new Account(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        rs.getBoolean(3), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()),
                username == null ? "" : username);
        if (found.isEmpty() || password == null) {
            passwords.matches(password == null ? "" : password, decoyHash);
            throw new SignInRefused(SignInFailure.BAD_CREDENTIALS);
        }
        Account account = found.get(0);
        if (account.lockedUntil() != null && account.lockedUntil().isAfter(Instant.now())) {
            throw new SignInRefused(SignInFailure.LOCKED);
        }
        if (!passwords.matches(password, account.hash()) || !account.enabled()) {
            jdbc.update("""
                    update staff_user set failed_sign_ins = failed_sign_ins + 1,
                        locked_until = case when failed_sign_ins + 1 >= ? then now() + ? * interval '1 second' end
                    where username = ?""", MAX_FAILED_SIGN_INS, lockout.toSeconds(), username);
            throw new SignInRefused(SignInFailure.BAD_CREDENTIALS);
        }
        jdbc.update("update staff_user set failed_sign_ins = 0, locked_until = null where username = ?", username);
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token = "amu_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = Instant.now().plus(maxSession);
        jdbc.update("insert into staff_session (id, token_sha256, username, expires_at) values (?, ?, ?, ?)", id,
                ApiKeys.sha256(token), username, Timestamp.from(expires));
        return new Session(token, username, account.roles(), expires);
    }

    /** The staff member a presented token belongs to, while the session is alive; each use extends its idle time. */
    public Optional<StaffPrincipal> authenticate(String presented) {
        Matcher matcher = TOKEN.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<StaffPrincipal> found = jdbc.query("""
                update staff_session s set last_seen_at = now()
                from staff_user u
                where s.id = ? and s.token_sha256 = ? and u.username = s.username and u.enabled
                  and s.revoked_at is null and s.expires_at > now()
                  and s.last_seen_at > now() - ? * interval '1 second'
                returning u.username, u.roles, s.id""",
                (rs, i) -> new StaffPrincipal(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        rs.getString(3)),
                matcher.group(1), ApiKeys.sha256(presented), idleTimeout.toSeconds());
        return found.stream().findFirst();
    }

    public void signOut(String sessionId) {
        jdbc.update("update staff_session set revoked_at = now() where id = ? and revoked_at is null", sessionId);
    }

    public boolean isToken(String presented) {
        return presented.startsWith("amu_");
    }
}
