package ma.cnss.claims.flagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import ma.cnss.claims.fhir.SharedResourceMemo;
import ma.cnss.claims.registry.RegistryExtractLoader;
import ma.cnss.claims.shared.IntakeHandover;
import ma.cnss.claims.support.GeneratedDays;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The flagging stage encodes and prices the claims intake handed over without reading them back. What it stores
 * from them must be what it stores from the database: the same FHIR bytes, lines priced from the same amounts.
 */
class IntakeHandoverIntegrationTest extends IntegrationTest {

    private static final String CLAIMS = "c.claim_ref like 'H%' and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryExtractLoader registry;

    @Autowired
    IntakeHandover handover;

    @Autowired
    SharedResourceMemo sharedResources;

    @Test
    void claimsEncodedAndPricedFromTheHandoverAreStoredExactlyAsWhenReadFromTheDatabase() throws IOException {
        long takenBefore = handover.taken();
        GeneratedDays.generateAndDrop(registry, DATA.resolve("inbox"), 77, 1_200, 300, 0.10, "H", "handover-");
        await("every generated claim encoded, flagged and, when released, priced", Duration.ofMinutes(3),
                () -> done() == 1_200);
        long accepted = jdbc.queryForObject("select count(*) from claim c where " + CLAIMS, Long.class);
        assertThat(accepted).isGreaterThan(900);
        assertThat(handover.taken() - takenBefore).as("claims taken from the hand-over")
                .isGreaterThan(accepted / 2);
        // pricing read the lines from the hand-over: every accepted line of a released claim priced, from the
        // stored amount and penalty (priced lines may not be deleted to price them again)
        assertThat(jdbc.queryForList("""
                select c.claim_ref || '/' || l.line_no from claim c join claim_line l on l.claim_id = c.id
                left join settlement_line s on s.claim_id = l.claim_id and s.line_no = l.line_no
                where %s and c.settleable_since is not null and l.status = 'ACCEPTED'
                  and (s.claim_id is null or s.billed <> l.billed
                       or s.penalty_pct is distinct from l.late_penalty_pct)""".formatted(CLAIMS), String.class))
                .as("accepted lines of released claims not priced from their stored amounts").isEmpty();
        Map<String, String> fromHandover = stored();

        // the same claims encoded again, read from the database by the FHIR route
        jdbc.update("delete from fhir_resource f using claim c where f.resource_type = 'Claim' and f.claim_id = c.id"
                + " and " + CLAIMS);
        jdbc.update("delete from fhir_resource f where f.resource_type <> 'Claim' and f.id in (" + sharedIds() + ")");
        sharedResources.forget(); // rows deleted behind the service's back: it would take them for stored
        jdbc.update("update claim c set fhir_mapped_at = null where " + CLAIMS);
        await("the claims encoded again", Duration.ofMinutes(2), () -> done() == 1_200);

        Map<String, String> fromDatabase = stored();
        assertThat(fromHandover).hasSizeGreaterThan((int) accepted * 2);
        assertThat(fromDatabase.keySet()).isEqualTo(fromHandover.keySet());
        assertThat(fromHandover.keySet().stream().filter(key -> !fromHandover.get(key).equals(fromDatabase.get(key))))
                .as("resources stored otherwise from the hand-over than from the database").isEmpty();
    }

    /** Claims of the day that need nothing more before review or settlement. */
    private long done() {
        return jdbc.queryForObject("""
                select count(*) from claim c where c.claim_ref like 'H%' and (c.status = 'REJECTED'
                    or (c.flagged_at is not null and c.fhir_mapped_at is not null
                        and (c.settleable_since is null or c.priced_at is not null)))""", Long.class);
    }

    private String sharedIds() {
        return """
                select 'pat-' || c.insured_id || '-' || c.beneficiary_rank from claim c where %1$s
                union select 'cov-' || c.insured_id || '-' || c.beneficiary_rank from claim c where %1$s
                union select 'prov-' || c.provider_inpe from claim c where %1$s""".formatted(CLAIMS);
    }

    /** Every stored Claim and shared resource of the day's accepted claims, by a key of its own. */
    private Map<String, String> stored() {
        Map<String, String> stored = new TreeMap<>();
        jdbc.query("select 'Claim/' || c.claim_ref, f.body from fhir_resource f join claim c on c.id = f.claim_id"
                + " where f.resource_type = 'Claim' and " + CLAIMS, rs -> {
                    stored.put(rs.getString(1), rs.getString(2));
                });
        jdbc.query("select f.resource_type || '/' || f.id, f.body from fhir_resource f"
                + " where f.resource_type <> 'Claim' and f.id in (" + sharedIds() + ")", rs -> {
                    stored.put(rs.getString(1), rs.getString(2));
                });
        return stored;
    }
}
