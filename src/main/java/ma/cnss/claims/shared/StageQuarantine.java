package ma.cnss.claims.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Poison claims (R8): a stage whose code throws on one claim records the failure here, in the batch's own
 * transaction, and carries on with the other claims. A claim that failed {@code claims.stages.max-attempts} times
 * is quarantined (table {@code stage_failure}) and the stage's queries no longer take it. Logs carry the claim id
 * and the exception's class only, never the claim's data.
 */
@Component
public class StageQuarantine {

    /** The SQL condition, on claim alias {@code c}, that leaves out claims quarantined by any stage. */
    public static final String NOT_QUARANTINED = "not exists (select 1 from stage_failure q where q.claim_id = c.id "
            + "and q.quarantined_at is not null)";

    private static final Logger LOG = LoggerFactory.getLogger(StageQuarantine.class);

    private final JdbcTemplate jdbc;
    private final int maxAttempts;
    private final String poisonRefPrefix;

    public StageQuarantine(JdbcTemplate jdbc, @Value("${claims.stages.max-attempts:3}") int maxAttempts,
            @Value("${claims.fault.poison-ref-prefix:}") String poisonRefPrefix) {
        this.jdbc = jdbc;
        this.maxAttempts = maxAttempts;
        this.poisonRefPrefix = poisonRefPrefix;
        if (!poisonRefPrefix.isBlank()) {
            LOG.warn("claims.fault.poison-ref-prefix={} is set: a stage will throw on claims whose reference starts "
                    + "with it followed by the stage's name (fault injection)", poisonRefPrefix);
        }
    }

    /**
     * Fault injection for the poison tests: with {@code claims.fault.poison-ref-prefix=POISON-}, stage FHIR throws
     * as a bug would on every claim whose reference starts with {@code POISON-FHIR-} (and so on for VALIDATION and
     * FLAGGING). Unset in production.
     */
    public void injectFault(String stage, String claimRef) {
        if (!poisonRefPrefix.isEmpty() && claimRef != null && claimRef.startsWith(poisonRefPrefix + stage + "-")) {
            throw new IllegalStateException("fault injected in " + stage);
        }
    }

    /**
     * Marks the current transaction as derived work (validation, FHIR encoding, flagging): its commit does not wait
     * for the WAL flush. A crash may lose the last such commits whole (never part of one); their claims are then
     * simply waiting again and the stage redoes them from the durable intake. Whatever is promised outside — a
     * 202, an archived file, a payment — is committed synchronously, and a synchronous commit flushes every
     * earlier one with it, so nothing durable can rest on a lost commit. The HTTP intake's small commits then no
     * longer queue behind the stages' bulk WAL flushes (issue 8).
     */
    public static void derivedWork(JdbcTemplate jdbc) {
        jdbc.execute("set local synchronous_commit to off");
    }

    /** Records that {@code stage} failed on a claim; returns true if the claim is now quarantined. */
    public boolean failed(long claimId, String stage, RuntimeException error) {
        Boolean quarantined = jdbc.queryForObject("""
                insert into stage_failure (claim_id, stage, attempts, last_error)
                values (?, ?, 1, ?)
                on conflict (claim_id, stage) do update set attempts = stage_failure.attempts + 1,
                    last_error = excluded.last_error, last_failed_at = now()
                returning attempts""", (rs, i) -> rs.getInt(1) >= maxAttempts, claimId, stage,
                error.getClass().getName() + ": " + String.valueOf(error.getMessage()));
        if (Boolean.TRUE.equals(quarantined)) {
            jdbc.update("update stage_failure set quarantined_at = now() where claim_id = ? and stage = ? "
                    + "and quarantined_at is null", claimId, stage);
            LOG.error("Claim {} quarantined by stage {} after {} failures ({})", claimId, stage, maxAttempts,
                    error.getClass().getSimpleName());
            return true;
        }
        LOG.warn("Claim {} failed in stage {} ({}); it will be tried again", claimId, stage,
                error.getClass().getSimpleName());
        return false;
    }
}
