package ma.cnss.claims.fhir;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The shared FHIR resources (Patient, Coverage, provider) this process has seen stored, with the fingerprint of the
 * registry fields they were mapped from: a claim whose shared resources are known here to be stored as it would map
 * them writes nothing and reads nothing for them (reading every key's stored fingerprint cost 1.1-2.1 s of a
 * national day's database time, one index probe per key; the keys not known here, 0.7 s, issue 8).
 *
 * <p>Only a shortcut: PostgreSQL holds the resources, and a key not known here is compared with the stored row, as
 * before the memo, then written if new or changed. An entry is true of the database when it is made (after the commit
 * that wrote or read it); it stays true while the registry is the same ({@code registryVersion}: every extract
 * applied changes it, and the memo starts again), since only the mapping stage writes these rows and writes them
 * from the registry. What it cannot know is a row deleted behind its back (an operator's hand): a restart forgets.
 * The least recently used entries leave beyond {@code capacity}.
 */
@Component
public class SharedResourceMemo {

    private final int capacity;
    private final LinkedHashMap<String, String> stored;
    private long registryVersion = -1;

    public SharedResourceMemo(@Value("${claims.fhir.shared-resource-memo-entries:250000}") int capacity) {
        this.capacity = Math.max(0, capacity);
        this.stored = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > SharedResourceMemo.this.capacity;
            }
        };
    }

    /**
     * Of the fingerprints {@code wanted} (by resource key), those not known to be stored as wanted, under the
     * registry at {@code registryVersion}.
     */
    public synchronized Map<String, String> notKnown(Map<String, String> wanted, long registryVersion) {
        sameRegistry(registryVersion);
        Map<String, String> unknown = new HashMap<>();
        wanted.forEach((key, fingerprint) -> {
            if (!fingerprint.equals(stored.get(key))) {
                unknown.put(key, fingerprint);
            }
        });
        return unknown;
    }

    /** After a commit: the resources it stored, or found stored, with these fingerprints. */
    public synchronized void remember(Map<String, String> storedNow, long registryVersion) {
        if (sameRegistry(registryVersion)) {
            stored.putAll(storedNow);
        }
    }

    /**
     * Forgets everything: the next claims compare their shared resources with the database again. Also when the
     * service stops: a stopped application context can stay softly reachable (the benchmark's warm-up services), and
     * its memo with it.
     */
    @jakarta.annotation.PreDestroy
    public synchronized void forget() {
        stored.clear();
    }

    public synchronized int size() {
        return stored.size();
    }

    // an extract applied since: what was true under the older registry is not taken for true now
    private boolean sameRegistry(long version) {
        if (version == registryVersion) {
            return true;
        }
        if (version > registryVersion) {
            stored.clear();
            registryVersion = version;
            return true;
        }
        return false; // a batch that read the registry before the latest extract: remember nothing of it
    }
}
