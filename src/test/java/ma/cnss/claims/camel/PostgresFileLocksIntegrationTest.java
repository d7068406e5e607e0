package ma.cnss.claims.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.stream.IntStream;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class PostgresFileLocksIntegrationTest extends IntegrationTest {

    // this test's locks only: the service's own file consumer may hold others a second after its last file
    private static final String FILE_LOCKS = "locktype = 'advisory' and classid = x'46494C'::int and objsubid = 2 "
            + "and objid in (select (hashtext('lock-test-' || i || '.csv')::bigint & 4294967295)::oid "
            + "from generate_series(0, 19) i)";

    @Autowired
    HikariDataSource workers;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theFilesInHandAreLockedOnOneSessionOfTheirOwnAndNoneOfTheWorkersConnections() {
        PostgresFileLocks locks = new PostgresFileLocks(workers);
        int workersInUse = workers.getHikariPoolMXBean().getActiveConnections();
        try {
            IntStream.range(0, 20).forEach(i -> assertThat(locks.add("lock-test-" + i + ".csv")).isTrue());

            assertThat(jdbc.queryForObject("select count(distinct pid) from pg_locks where " + FILE_LOCKS
                    + " and granted", Long.class)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from pg_locks where " + FILE_LOCKS, Long.class))
                    .isEqualTo(20);
            assertThat(workers.getHikariPoolMXBean().getActiveConnections()).isEqualTo(workersInUse);
            assertThat(locks.add("lock-test-0.csv")).as("a file in hand is not taken twice").isFalse();

            IntStream.range(0, 20).forEach(i -> assertThat(locks.remove("lock-test-" + i + ".csv")).isTrue());
            assertThat(jdbc.queryForObject("select count(*) from pg_locks where " + FILE_LOCKS, Long.class))
                    .isZero();
        } finally {
            locks.stop();
        }
    }

    @Autowired
    PostgresFileLocks fileLocks;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theLockSessionsPoolIsWatchedLikeTheOtherPools() {
        assertThat(fileLocks.add("metrics-test.csv")).isTrue();
        try {
            assertThat(meters.find("hikaricp.connections.max").tag("pool", "file-locks-pool").gauge())
                    .as("hikaricp_connections_max{pool=\"file-locks-pool\"}").isNotNull()
                    .extracting(io.micrometer.core.instrument.Gauge::value).isEqualTo(1.0);
        } finally {
            fileLocks.remove("metrics-test.csv");
        }
    }

    @Test
    void aFileAnotherInstanceHoldsIsLeftAloneUntilItIsReleased() throws Exception {
        PostgresFileLocks locks = new PostgresFileLocks(workers);
        try (Connection otherInstance = workers.getConnection()) {
            jdbc.execute("select 1"); // the test's own pool is warm
            try (var lock = otherInstance.prepareStatement("select pg_advisory_lock(x'46494C'::int, hashtext(?))")) {
                lock.setString(1, "held-elsewhere.csv");
                lock.execute();
            }
            assertThat(locks.add("held-elsewhere.csv")).isFalse();
            try (var unlock = otherInstance.prepareStatement(
                    "select pg_advisory_unlock(x'46494C'::int, hashtext(?))")) {
                unlock.setString(1, "held-elsewhere.csv");
                unlock.execute();
            }
            assertThat(locks.add("held-elsewhere.csv")).isTrue();
            assertThat(locks.remove("held-elsewhere.csv")).isTrue();
        } finally {
            locks.stop();
        }
    }
}
