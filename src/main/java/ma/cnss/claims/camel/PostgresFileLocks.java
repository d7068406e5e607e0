package ma.cnss.claims.camel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The file-drop read lock shared by every instance on one PostgreSQL (test R7): the Camel file consumer
 * ({@code readLock: idempotent-changed}) asks this repository to "add" a file before taking it, and this takes a
 * PostgreSQL session advisory lock named after the file on a connection held until the file is done. Another
 * instance polling the same inbox fails to take the lock and leaves the file alone. If the holder dies (kill -9,
 * network loss) PostgreSQL ends its session and releases the lock by itself, so a file is never stuck and no
 * home-made lease or heartbeat is needed. Nothing is stored: "already processed" is the database's business (the
 * submission's checksum is unique per submitter).
 */
@Component("fileLocks")
public class PostgresFileLocks extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresFileLocks.class);
    private static final int FILE_LOCK_CLASS = 0x46494C; // "FIL"

    private final DataSource dataSource;
    private final Map<String, Connection> held = new ConcurrentHashMap<>();

    public PostgresFileLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean add(String key) {
        if (held.containsKey(key)) {
            return false;
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (lock(connection, "pg_try_advisory_lock", key)) {
                held.put(key, connection);
                return true;
            }
            connection.close();
            LOG.debug("File {} is being taken by another instance", key);
            return false;
        } catch (SQLException e) {
            closeQuietly(connection);
            // database down: the file stays in the inbox until it is back
            LOG.warn("Cannot lock a dropped file (database unavailable: {}); it stays in the inbox", e.getSQLState());
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        return held.containsKey(key);
    }

    @Override
    public boolean remove(String key) {
        Connection connection = held.remove(key);
        if (connection == null) {
            return false;
        }
        try {
            lock(connection, "pg_advisory_unlock", key);
        } catch (SQLException e) {
            // a dead session has released its locks already
        } finally {
            closeQuietly(connection);
        }
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        held.keySet().forEach(this::remove);
    }

    @Override
    protected void doStop() {
        clear();
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

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
