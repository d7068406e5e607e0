package ma.cnss.claims.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two connection pools on the same PostgreSQL (a bulkhead): the workers' pool (stages, settlement, console,
 * {@code spring.datasource.hikari.*}) and the clinics' front door (API-key checks and registering an HTTP
 * submission, {@code claims.front-door.pool-size}). When the stages are busy they hold the workers' connections for
 * whole batches; the front door's requests need a connection for about a millisecond and must never queue behind
 * them (measured: with one pool, single-claim submissions at 200/s waited seconds for a connection).
 */
@Configuration(proxyBeanMethods = false)
public class DataSources {

    /** Qualifier of the front door's pool, its JdbcTemplate and its TransactionTemplate. */
    public static final String FRONT_DOOR = "frontDoor";

    /** Qualifier of the shared FHIR resources' pool and its TransactionTemplate. */
    public static final String SHARED_RESOURCES = "sharedResources";

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    /**
     * The settings of a pool beside the workers' one: the same server, credentials, timeouts and driver properties,
     * its own name, and hikaricp_* metrics with pool=name when a registry is given (Boot instruments only the
     * primary pool).
     */
    public static HikariConfig poolBeside(HikariDataSource workers, String name, ObjectProvider<MeterRegistry> meters) {
        HikariConfig config = new HikariConfig();
        workers.copyStateTo(config);
        config.setPoolName(name);
        if (meters != null) {
            meters.ifAvailable(registry -> config.setMetricsTrackerFactory(
                    new MicrometerMetricsTrackerFactory(registry)));
        }
        return config;
    }

    @Bean(defaultCandidate = false)
    @Qualifier(FRONT_DOOR)
    public HikariDataSource frontDoorDataSource(HikariDataSource dataSource,
            @Value("${claims.front-door.pool-size:16}") int poolSize, ObjectProvider<MeterRegistry> meters) {
        return sizedPoolBeside(dataSource, "front-door-pool", poolSize, meters);
    }

    private static HikariDataSource sizedPoolBeside(HikariDataSource workers, String name, int poolSize,
            ObjectProvider<MeterRegistry> meters) {
        HikariConfig config = poolBeside(workers, name, meters);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        return new HikariDataSource(config);
    }

    /**
     * The shared FHIR resources (Patient, Coverage, the provider) are written in short transactions of their own, on
     * this pool: a batch that holds a connection of the workers' pool takes one here too, so it is never one of
     * theirs (a worker waiting for a second connection from its own pool could wait for ever).
     */
    @Bean(defaultCandidate = false)
    @Qualifier(SHARED_RESOURCES)
    public HikariDataSource sharedResourcesDataSource(HikariDataSource dataSource,
            @Value("${claims.fhir.shared-resources-pool-size:4}") int poolSize, ObjectProvider<MeterRegistry> meters) {
        return sizedPoolBeside(dataSource, "shared-resources-pool", poolSize, meters);
    }

    @Bean(defaultCandidate = false)
    @Qualifier(SHARED_RESOURCES)
    public TransactionTemplate sharedResourcesTransaction(@Qualifier(SHARED_RESOURCES) DataSource shared) {
        return new TransactionTemplate(new DataSourceTransactionManager(shared));
    }

    @Bean(defaultCandidate = false)
    @Qualifier(SHARED_RESOURCES)
    public JdbcTemplate sharedResourcesJdbc(@Qualifier(SHARED_RESOURCES) DataSource shared) {
        return new JdbcTemplate(shared);
    }

    @Bean(defaultCandidate = false)
    @Qualifier(FRONT_DOOR)
    public JdbcTemplate frontDoorJdbc(@Qualifier(FRONT_DOOR) DataSource frontDoor) {
        return new JdbcTemplate(frontDoor);
    }

    @Bean(defaultCandidate = false)
    @Qualifier(FRONT_DOOR)
    public TransactionTemplate frontDoorTransaction(@Qualifier(FRONT_DOOR) DataSource frontDoor) {
        return new TransactionTemplate(new DataSourceTransactionManager(frontDoor));
    }
}
