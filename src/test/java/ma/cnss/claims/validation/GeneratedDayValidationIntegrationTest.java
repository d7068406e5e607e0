package ma.cnss.claims.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import ma.cnss.claims.registry.RegistryExtractLoader;
import ma.cnss.claims.support.GeneratedDays;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The generator's promise, checked end to end through the file drop: every deliberately broken claim is refused
 * (or cut) with exactly its intended reason, and no clean claim is refused.
 */
class GeneratedDayValidationIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryExtractLoader registry;

    @Test
    void everyBrokenClaimGetsExactlyItsIntendedReasonAndNoCleanClaimIsRefused() throws IOException {
        Path out = GeneratedDays.generateAndDrop(registry, DATA.resolve("inbox"), 2026, 3_000, 500, 0.15, "G", "gen-");
        await("every generated claim decided", Duration.ofMinutes(3), () -> jdbc.queryForObject(
                "select count(*) from claim where claim_ref like 'G%' and status <> 'RECEIVED'", Long.class) == 3_000);

        Map<String, String> statusByRef = new HashMap<>();
        Map<String, String> reasonsByRef = new HashMap<>();
        jdbc.query("""
                select c.claim_ref, c.status,
                       (select string_agg(distinct i.reason_code, ';') from claim_issue i where i.claim_id = c.id)
                from claim c where c.claim_ref like 'G%'""", rs -> {
                    statusByRef.put(rs.getString(1), rs.getString(2));
                    reasonsByRef.put(rs.getString(1), rs.getString(3));
                });
        int broken = 0;
        for (String line : Files.readAllLines(out.resolve("expected-outcomes.csv")).subList(1, 3_001)) {
            String[] f = line.split(",", -1);
            String ref = f[1];
            String intended = f[2];
            if (intended.isEmpty()) {
                assertThat(reasonsByRef.get(ref)).as("reasons of clean claim " + ref).isNull();
                assertThat(statusByRef.get(ref)).as("clean claim " + ref + " (" + reasonsByRef.get(ref) + ")")
                        .isEqualTo("ACCEPTED");
            } else {
                broken++;
                assertThat(reasonsByRef.get(ref)).as("the only reason of broken claim " + ref).isEqualTo(intended);
                assertThat(statusByRef.get(ref)).as("broken claim " + ref).isEqualTo(
                        intended.equals("NOT_REIMBURSABLE") ? "PARTIALLY_ACCEPTED" : "REJECTED");
            }
        }
        assertThat(broken).isGreaterThan(300);

        // flags: every clean claim gets exactly the flags the generator expects (ALD, POTENTIAL_ALD, COSTLY_*)
        await("every accepted claim flagged", Duration.ofMinutes(2), () -> jdbc.queryForObject("""
                select count(*) from claim where claim_ref like 'G%' and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')
                and flagged_at is null""", Long.class) == 0);
        Map<String, String> flagsByRef = new HashMap<>();
        Map<String, String> reviewByRef = new HashMap<>();
        jdbc.query("""
                select c.claim_ref, coalesce((select string_agg(f.flag, ';' order by f.flag) from claim_flag f
                                              where f.claim_id = c.id), ''),
                       c.review_state || case when c.settleable_since is null then ' held' else ' released' end
                from claim c where c.claim_ref like 'G%'""", rs -> {
                    flagsByRef.put(rs.getString(1), rs.getString(2));
                    reviewByRef.put(rs.getString(1), rs.getString(3));
                });
        int flagged = 0;
        java.util.Set<String> kindsSeen = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("expected-outcomes.csv")).subList(1, 3_001)) {
            String[] f = line.split(",", -1);
            if (f[2].isEmpty()) {
                String expected = String.join(";", java.util.Arrays.stream(f[3].split(";")).filter(x -> !x.isEmpty())
                        .sorted().toList());
                assertThat(flagsByRef.get(f[1])).as("flags of clean claim " + f[1]).isEqualTo(expected);
                flagged += expected.isEmpty() ? 0 : 1;
                kindsSeen.addAll(java.util.Arrays.asList(expected.split(";")));
                // flagged claims wait for an adjuster; the others are not held
                assertThat(reviewByRef.get(f[1])).as("review of clean claim " + f[1])
                        .isEqualTo(expected.isEmpty() ? "NOT_REQUIRED released" : "PENDING held");
            }
        }
        assertThat(flagged).isGreaterThan(50);
        assertThat(kindsSeen).as("every flag the generator knows is exercised").contains("ALD", "POTENTIAL_ALD",
                "COSTLY_TOTAL", "COSTLY_INTENSIVE_CARE", "COSTLY_MEDICINE", "COSTLY_ROLLING_12M", "COSTLY_OUTLIER");
    }
}
