package ma.cnss.claims.shared;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Accepted claims as intake decided them, handed in memory to the flagging stage's batch after intake's commit, so
 * that the batch does not read back what intake had in hand (the claims, their accepted lines, the beneficiary's and
 * the provider's registry rows: 1.4 s of a national day's database time, issue 8). Only a shortcut: the claims are
 * in PostgreSQL, the flagging stage still takes and locks them there, and reads whatever is not held here (a claim
 * intake did not decide, a restart, another instance's intake, more claims waiting than {@code capacity}). A held
 * claim is used only while the registry is as intake read it ({@link #registryVersion}): an extract applied in
 * between sends the batch back to the registry's current rows.
 */
@Component
public class IntakeHandover {

    /** What the FHIR encoding and the flagging stage read of an accepted claim, as intake stored and decided it. */
    public record HeldClaim(long id, String submitterInpe, String claimRef, String regime, String insuredId,
            int rank, String relationship, LocalDate birthDate, LocalDate rightsFrom, LocalDate rightsTo,
            String providerInpe, boolean establishment, String providerIce, String sector, boolean hospital,
            LocalDate admissionDate, LocalDate dischargeDate, String priorApprovalRef, List<String> diagnoses,
            String payee, LocalDate received, List<AcceptedLine> lines, long registryVersion) {
    }

    private record Entry(HeldClaim claim, long handedAtNanos) {
    }

    private final int capacity;
    private final long maxAgeNanos;
    // in hand-over order, which is id order within a submission: the oldest entries are evicted first
    private final LinkedHashMap<Long, Entry> held = new LinkedHashMap<>();
    private long taken;

    public IntakeHandover(@Value("${claims.flagging.handover-claims:30000}") int capacity,
            @Value("${claims.flagging.handover-max-age-seconds:120}") int maxAgeSeconds) {
        this.capacity = Math.max(0, capacity);
        this.maxAgeNanos = maxAgeSeconds * 1_000_000_000L;
    }

    /** How many claims may be held at once (0: the hand-over is off); intake stops collecting beyond it. */
    public int capacity() {
        return capacity;
    }

    /**
     * The registry's version: it changes with every extract applied (each is a registry_extract row written in the
     * extract's transaction, rows never deleted). Read it before the registry rows it vouches for.
     */
    public static long registryVersion(JdbcTemplate jdbc) {
        Long extracts = jdbc.queryForObject("select count(*) from registry_extract", Long.class);
        return extracts == null ? 0 : extracts;
    }

    /** After intake's commit: the claims it stored and accepted. Beyond capacity the rest is not held. */
    public synchronized void handOver(Collection<HeldClaim> claims) {
        long now = System.nanoTime();
        evictOlderThan(now - maxAgeNanos);
        for (HeldClaim claim : claims) {
            if (held.size() >= capacity) {
                return;
            }
            held.put(claim.id(), new Entry(claim, now));
        }
    }

    /**
     * Takes the held claims among {@code ids} (they are no longer held afterwards, whatever the caller's
     * transaction does: a batch rolled back reads them from the database next time). Returns those intake decided
     * with the registry at {@code registryVersion}, by id.
     */
    public synchronized Map<Long, HeldClaim> take(Collection<Long> ids, long registryVersion) {
        Map<Long, HeldClaim> taken = new HashMap<>();
        if (held.isEmpty()) {
            return taken;
        }
        for (Long id : ids) {
            Entry entry = held.remove(id);
            if (entry != null && entry.claim().registryVersion() == registryVersion) {
                taken.put(id, entry.claim());
            }
        }
        this.taken += taken.size();
        evictOlderThan(System.nanoTime() - maxAgeNanos);
        return taken;
    }

    /** How many claims were taken from the hand-over since the start, read back from nowhere. */
    public synchronized long taken() {
        return taken;
    }

    /** How many claims are held now. */
    public synchronized int size() {
        return held.size();
    }

    // claims another instance flagged, or quarantined ones, are never taken here: they leave with age
    private void evictOlderThan(long oldest) {
        Iterator<Entry> entries = held.values().iterator();
        while (entries.hasNext()) {
            if (entries.next().handedAtNanos() - oldest >= 0) {
                return;
            }
            entries.remove();
        }
    }
}
