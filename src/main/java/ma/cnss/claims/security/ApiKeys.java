package ma.cnss.claims.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Clinic API keys: {@code amo_<id>_<secret>}, the secret 256 random bits. Only the SHA-256 of the whole key is
 * stored; the key itself is shown once, when issued.
 */
@Service
public class ApiKeys {

    private static final Pattern KEY = Pattern.compile("^amo_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    /** On the front door's pool: checking a key never waits behind the stages' batches. */
    public ApiKeys(@org.springframework.beans.factory.annotation.Qualifier(ma.cnss.claims.platform.DataSources.FRONT_DOOR) JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record IssuedKey(String id, String submitterInpe, String key) {
    }

    public IssuedKey issue(String submitterInpe) {
        if (!submitterInpe.matches("^[0-9]{1,20}$")) {
            throw new IllegalArgumentException("INPE must be digits");
        }
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String key = "amo_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.update("insert into api_key (id, submitter_inpe, key_sha256) values (?, ?, ?)", id, submitterInpe,
                sha256(key));
        return new IssuedKey(id, submitterInpe, key);
    }

    /** Revokes one key by its id, or every key of a submitter when given an INPE; returns how many. */
    public int revoke(String idOrInpe) {
        return jdbc.update("update api_key set revoked_at = now() where revoked_at is null and (id = ? or submitter_inpe = ?)",
                idOrInpe, idOrInpe);
    }

    /** The submitter INPE a presented key belongs to, when it is well-formed, known and not revoked. */
    public Optional<String> authenticate(String presented) {
        Matcher matcher = KEY.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> found = jdbc.queryForList(
                "select submitter_inpe from api_key where key_sha256 = ? and id = ? and revoked_at is null",
                String.class, sha256(presented), matcher.group(1));
        return found.stream().findFirst();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
