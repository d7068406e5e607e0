package ma.cnss.claims.camel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import ma.cnss.claims.platform.DataSources;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The file-drop read lock shared by every instance on one PostgreSQL (test R7): the Camel file consumer
 * ({@code readLock: idempotent-changed}) asks this repository to "add" a file before taking it, and this takes a
 * PostgreSQL session advisory lock named after the file, held until the file is done. Another instance polling the
 * same inbox fails to take the lock and leaves the file alone. If the holder dies (kill -9, network loss)
 * PostgreSQL ends its session and releases the lock by itself, so a file is never stuck and no home-made lease or
 * heartbeat is needed. Nothing is stored: "already processed" is the database's business (the submission's
 * checksum is unique per submitter).
 *
 * <p>Every lock of this instance is held on one connection of its own (a pool of one, apart from the workers'
 * pool and kept out of the health check, since its one connection is always in use), not on a connection of the
 * workers' pool per file: those were held until a second after each file was done, and at 7 files a second that
 * was most of the workers' 10 connections; the intake thread waited 3.8 s of a 16.6 s national day for a
 * connection (JFR, {@code jdk.ThreadPark} in {@code HikariPool.getConnection}). Taking or releasing a lock is one
 * short statement, so the callers (the file consumer, Camel's delayed release) take turns on the connection. If the
 * connection breaks, PostgreSQL has released its locks already: the files in hand are finished, and the next lock is
 * taken on a new connection.
 */
@Component("fileLocks")
public class PostgresFileLocks extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresFileLocks.class);
    private static final int FILE_LOCK_CLASS = 0x46494C; // "FIL"

    private final HikariConfig lockConnection;
    private HikariDataSource lockPool; // guarded by this; started at the first lock, not with the service
    /** The files this instance holds, each with the session it was locked on. Guarded by {@code this}. */
    private final Map<String, Connection> held = new HashMap<>();
    private Connection session; // guarded by this

    public PostgresFileLocks(HikariDataSource workers) {
        this(workers, null);
    }

    @Autowired
    public PostgresFileLocks(HikariDataSource workers, ObjectProvider<MeterRegistry> meters) {
        HikariConfig config = DataSources.poolBeside(workers, "file-locks-pool", meters); // metrics from the first lock
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // database down: getConnection fails (SQLException), not the pool
        this.lockConnection = config;
    }

    @Override
    public synchronized boolean add(String key) {
        if (held.containsKey(key)) {
            return false;
        }
        try {
            Connection current = session();
            if (lock(current, "pg_try_advisory_lock", key)) {
                held.put(key, current);
                return true;
            }
            LOG.debug("File {} is being taken by another instance", key);
            return false;
        } catch (SQLException e) {
            lost();
            // database down: the file stays in the inbox until it is back
            LOG.warn("Cannot lock a dropped file (database unavailable: {}); it stays in the inbox", e.getSQLState());
            return false;
        }
    }

    @Override
    public synchronized boolean contains(String key) {
        return held.containsKey(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        Connection lockedOn = held.remove(key);
        if (lockedOn == null) {
            return false;
        }
        if (lockedOn == session) { // else its session ended, and PostgreSQL released the lock with it
            try {
                lock(lockedOn, "pg_advisory_unlock", key);
            } catch (SQLException e) {
                lost();
            }
        }
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        List.copyOf(held.keySet()).forEach(this::remove);
    }

    @Override
    protected synchronized void doStop() {
        clear();
        lost();
        if (lockPool != null) {
            lockPool.close();
            lockPool = null;
        }
    }

    private Connection session() throws SQLException {
        if (session == null) {
            if (lockPool == null) {
                lockPool = new HikariDataSource(lockConnection);
            }
            session = lockPool.getConnection();
            session.setAutoCommit(true);
        }
        return session;
    }

    /** The session is gone or unusable: closed, so that the pool replaces it; its locks went with it. */
    private void lost() {
        Connection broken = session;
        session = null;
        if (broken != null) {
            try {
                broken.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }

    private static boolean lock(Connection connection, String function, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?, hashtext(?))")) {
            statement.setInt(1, FILE_LOCK_CLASS);
            statement.setString(2, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
