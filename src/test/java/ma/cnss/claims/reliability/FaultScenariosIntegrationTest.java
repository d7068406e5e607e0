package ma.cnss.claims.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import ma.cnss.claims.reliability.ReliabilityScenarios.Row;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, short forms of the scenarios that need their own PostgreSQL and service processes (the
 * {@code reliability} command runs the same code at full size). Each scenario starts a private PostgreSQL, runs
 * service instances as child JVMs on it, breaks something, and lets the invariant checker judge.
 */
class FaultScenariosIntegrationTest {

    private static void assertPassed(List<Row> rows) {
        rows.forEach(row -> System.out.println((row.passed() ? "PASS " : "FAIL ") + row.test() + ": " + row.figures()));
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.passed()).as(row.test() + ": " + row.figures())
                .isTrue());
    }

    @Test
    void aCrashAtEveryNamedDurableStepIsRecoveredWithEveryClaimOnceAndTheCheckerClean() throws Exception {
        assertPassed(ReliabilityScenarios.crashPoints(ReliabilityScenarios.allCrashPoints(), 40, 11));
    }

    @Test
    void postgresCrashedWhileProcessingTheSameProcessReconnectsAndResumesWithin30Seconds() throws Exception {
        assertPassed(List.of(ReliabilityScenarios.databaseRestarts(3000, 3, 12)));
    }

    @Test
    void postgresDownMeans503WithRetryAfterHealthDownFilesWaitingAndTheBacklogDrainsAfterwards() throws Exception {
        assertPassed(List.of(ReliabilityScenarios.databaseOutage(Duration.ofSeconds(20), 800, 13)));
    }

    @Test
    void twoInstancesShareTheWorkDoNoClaimTwiceAndSettleTheDayOnce() throws Exception {
        assertPassed(List.of(ReliabilityScenarios.twoInstances(3000, 14)));
    }
}
