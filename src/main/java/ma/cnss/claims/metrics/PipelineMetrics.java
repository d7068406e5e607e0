package ma.cnss.claims.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ma.cnss.claims.intake.IncomingFile;
import ma.cnss.claims.intake.IntakeListener;
import ma.cnss.claims.intake.IntakeOutcome;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ValidationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every meter of the pipeline, in one place. The business totals are read from PostgreSQL, the system of record,
 * so that what Prometheus scrapes equals the database exactly, whatever restarts or instances there were: each
 * scrape sees a snapshot at most {@code claims.metrics.refresh-seconds} old (refreshed at once after intake and
 * validation). Labels are bounded enumerations (regime, channel, reason code, flag, decision, payee, stage, age
 * bucket): never claim, file or patient identifiers.
 */
@Component
public class PipelineMetrics implements IntakeListener, ValidationListener {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineMetrics.class);
    static final List<String> REGIMES = List.of("TADAMON", "TNS", "SALARIE", "ACHAMIL", "UNKNOWN");
    static final List<String> CHANNELS = List.of("FILE", "HTTP");
    static final List<String> PAYEES = List.of("INSURED", "PROVIDER");
    static final List<String> FLAGS = List.of("ALD", "POTENTIAL_ALD", "COSTLY_TOTAL", "COSTLY_INTENSIVE_CARE",
            "COSTLY_MEDICINE", "COSTLY_ROLLING_12M", "COSTLY_OUTLIER");
    static final List<String> DECISIONS = List.of("APPROVE", "REQUEST_DOCUMENT", "DOCUMENT_RECEIVED", "CONFIRM",
            "RETURN");
    static final List<String> STAGES = List.of("validation", "flagging", "review", "settlement");
    static final List<String> AGES = List.of("lt_1h", "1h_to_6h", "6h_to_24h", "gt_24h");
    static final List<String> REGISTRY_KINDS = List.of("members", "providers", "ald_recognitions", "prior_approvals");

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final long refreshNanos;
    private volatile Map<String, Double> snapshot = Map.of();
    private volatile long refreshedAt;
    private volatile boolean stale = true;
    private volatile boolean databaseUp;

    public PipelineMetrics(MeterRegistry registry, JdbcTemplate jdbc,
            @Value("${claims.metrics.refresh-seconds:10}") long refreshSeconds) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.refreshNanos = Duration.ofSeconds(refreshSeconds).toNanos();
        register();
    }

    private void register() {
        for (String channel : CHANNELS) {
            for (String format : List.of("CSV", "FHIR")) {
                for (String status : List.of("DONE", "FAILED")) {
                    counter("amo.submissions", "Claim files stored (DONE) or refused whole (FAILED)",
                            "channel", channel, "format", format, "status", status);
                }
            }
            for (String regime : REGIMES) {
                counter("amo.claims.received", "Claims received (stored at intake)", "regime", regime, "channel",
                        channel);
                counter("amo.claims.accepted", "Claims accepted in whole or in part by validation", "regime", regime,
                        "channel", channel);
                for (ReasonCode reason : ReasonCode.values()) {
                    counter("amo.claims.rejected", "Claims refused (at intake or validation), by first reason",
                            "regime", regime, "channel", channel, "reason", reason.name());
                }
            }
        }
        FLAGS.forEach(flag -> counter("amo.claims.flagged", "Accepted claims flagged for review, by flag", "flag", flag));
        DECISIONS.forEach(decision -> counter("amo.review.decisions", "Review decisions, by decision", "decision",
                decision));
        for (String regime : REGIMES) {
            for (String payee : PAYEES) {
                counter("amo.settled.claims", "Claims with a payment sent, by regime and payee", "regime", regime,
                        "payee", payee);
                counter("amo.settled.lines", "Claim lines paid, by regime and payee", "regime", regime, "payee", payee);
                counter("amo.settled.amount.mad", "Amount sent for payment in MAD, by regime and payee", "regime",
                        regime, "payee", payee);
                counter("amo.returned.amount.mad", "Amount returned by the bank (rejected transfers) in MAD",
                        "regime", regime, "payee", payee);
            }
        }
        for (String payee : PAYEES) {
            counter("amo.payment.batches", "Payment batches sealed, by payee", "payee", payee);
            counter("amo.payment.files", "Payment files (pain.001) written, by payee", "payee", payee);
        }
        for (String stage : STAGES) {
            for (String age : AGES) {
                gauge("amo.backlog.claims", "Claims waiting in a stage, by how long they have waited", "stage", stage,
                        "age", age);
            }
        }
        gauge("amo.oldest.unsettled.claim.age.seconds", "Age of the oldest accepted claim not yet paid");
        REGISTRY_KINDS.forEach(kind -> gauge("amo.registry.last.applied.timestamp.seconds",
                "When the last registry extract of this kind was applied (Unix time)", "kind", kind));
        gauge("amo.reference.data.loaded.timestamp.seconds", "When the newest reference data file was loaded");
        gauge("amo.settlement.last.completed.timestamp.seconds", "When the last settlement day finished (Unix time)");
        gauge("amo.reconciliation.differences", "Differences found by the last reconciliation (0 when clean)");
        gauge("amo.reconciliation.last.run.timestamp.seconds", "When the last reconciliation ran (Unix time)");
        for (String stage : List.of("intake-http", "validation", "fhir-mapping", "flagging", "pricing",
                "settlement")) {
            stageTimer(stage);
        }
        Gauge.builder("amo.database.up", this, m -> {
            m.current();
            return m.databaseUp ? 1 : 0;
        }).description("1 when PostgreSQL answered the last metrics query").register(registry);
    }

    private void counter(String name, String description, String... tags) {
        String key = key(name, tags);
        FunctionCounter.builder(name, this, m -> m.current().getOrDefault(key, 0.0)).description(description)
                .tags(tags).register(registry);
    }

    private void gauge(String name, String description, String... tags) {
        String key = key(name, tags);
        Gauge.builder(name, this, m -> m.current().getOrDefault(key, 0.0)).description(description).tags(tags)
                .register(registry);
    }

    private static String key(String name, String... tags) {
        return name + "|" + String.join("|", tags);
    }

    private Timer stageTimer(String stage) {
        return Timer.builder("amo.stage.batch.duration").description("Time to work through a stage's waiting claims")
                .tag("stage", stage).publishPercentileHistogram().register(registry);
    }

    /** How long a stage took to work through what was waiting (recorded when there was work). */
    public <T> T timeStage(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        if (!(result instanceof Number n && n.longValue() == 0) && !Boolean.FALSE.equals(result)) {
            stageTimer(stage).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            stale = true;
        }
        return result;
    }

    @Override
    public void fileStored(IncomingFile file, IntakeOutcome outcome) {
        stale = true;
    }

    @Override
    public void claimsValidated(Map<String, Long> outcomes, Map<String, Long> reasons) {
        stale = true;
    }

    /** Forces the next scrape to read the database again. */
    public void invalidate() {
        stale = true;
    }

    private Map<String, Double> current() {
        if (stale || System.nanoTime() - refreshedAt > refreshNanos) {
            synchronized (this) {
                if (stale || System.nanoTime() - refreshedAt > refreshNanos) {
                    try {
                        stale = false;
                        snapshot = read();
                        databaseUp = true;
                    } catch (RuntimeException e) {
                        databaseUp = false;
                        LOG.warn("Metrics: PostgreSQL did not answer ({}); keeping the last figures",
                                e.getClass().getSimpleName());
                    }
                    refreshedAt = System.nanoTime();
                }
            }
        }
        return snapshot;
    }

    private Map<String, Double> read() {
        Map<String, Double> values = new HashMap<>();
        jdbc.query("""
                select channel, format, status, count(*) from submission where status in ('DONE', 'FAILED')
                group by 1, 2, 3""", rs -> {
                    values.put(key("amo.submissions", "channel", rs.getString(1), "format", rs.getString(2), "status",
                            rs.getString(3)), rs.getDouble(4));
                });
        jdbc.query("""
                select coalesce(c.regime, 'UNKNOWN'), s.channel, count(*),
                       count(*) filter (where c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED'))
                from claim c join submission s on s.id = c.submission_id group by 1, 2""", rs -> {
                    values.put(key("amo.claims.received", "regime", rs.getString(1), "channel", rs.getString(2)),
                            rs.getDouble(3));
                    values.put(key("amo.claims.accepted", "regime", rs.getString(1), "channel", rs.getString(2)),
                            rs.getDouble(4));
                });
        jdbc.query("""
                select coalesce(c.regime, 'UNKNOWN'), s.channel,
                       coalesce((select i.reason_code from claim_issue i where i.claim_id = c.id order by i.id limit 1),
                                'FIELD_INVALID'), count(*)
                from claim c join submission s on s.id = c.submission_id where c.status = 'REJECTED'
                group by 1, 2, 3""", rs -> {
                    values.put(key("amo.claims.rejected", "regime", rs.getString(1), "channel", rs.getString(2),
                            "reason", rs.getString(3)), rs.getDouble(4));
                });
        jdbc.query("select flag, count(*) from claim_flag group by flag", rs -> {
            values.put(key("amo.claims.flagged", "flag", rs.getString(1)), rs.getDouble(2));
        });
        jdbc.query("select kind, count(*) from review_decision group by kind", rs -> {
            values.put(key("amo.review.decisions", "decision", rs.getString(1)), rs.getDouble(2));
        });
        jdbc.query("""
                select coalesce(c.regime, 'UNKNOWN'), c.payee, count(distinct pl.claim_id), count(*),
                       sum(pl.amount), coalesce(sum(pl.amount) filter (where pl.returned), 0)
                from payment_line pl join claim c on c.id = pl.claim_id group by 1, 2""", rs -> {
                    String regime = rs.getString(1);
                    String payee = rs.getString(2);
                    values.put(key("amo.settled.claims", "regime", regime, "payee", payee), rs.getDouble(3));
                    values.put(key("amo.settled.lines", "regime", regime, "payee", payee), rs.getDouble(4));
                    values.put(key("amo.settled.amount.mad", "regime", regime, "payee", payee), rs.getDouble(5));
                    values.put(key("amo.returned.amount.mad", "regime", regime, "payee", payee), rs.getDouble(6));
                });
        jdbc.query("""
                select payee_kind, count(*), count(*) filter (where status = 'EXPORTED') from payment_batch
                group by 1""", rs -> {
                    values.put(key("amo.payment.batches", "payee", rs.getString(1)), rs.getDouble(2));
                    values.put(key("amo.payment.files", "payee", rs.getString(1)), rs.getDouble(3));
                });
        double oldest = 0;
        String buckets = """
                count(*) filter (where age < 3600) as a0, count(*) filter (where age >= 3600 and age < 21600) as a1,
                count(*) filter (where age >= 21600 and age < 86400) as a2, count(*) filter (where age >= 86400) as a3,
                coalesce(max(age_received), 0) as oldest""";
        Map<String, String> backlogs = Map.of(
                "validation", "select extract(epoch from now() - received_at) age, "
                        + "extract(epoch from now() - received_at) age_received from claim where status = 'RECEIVED'",
                "flagging", "select extract(epoch from now() - validated_at) age, "
                        + "extract(epoch from now() - received_at) age_received from claim "
                        + "where flagged_at is null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')",
                "review", "select extract(epoch from now() - queued_at) age, "
                        + "extract(epoch from now() - received_at) age_received from claim "
                        + "where review_state in ('PENDING', 'INCOMPLETE', 'AWAITING_CONFIRMATION')",
                "settlement", "select extract(epoch from now() - settleable_since) age, "
                        + "extract(epoch from now() - received_at) age_received from claim c "
                        + "where settleable_since is not null and (priced_at is null or exists (select 1 from "
                        + "settlement_line sl where sl.claim_id = c.id and sl.paid > 0 and not exists (select 1 from "
                        + "payment_line pl where pl.claim_id = sl.claim_id and pl.line_no = sl.line_no "
                        + "and not pl.returned)))");
        for (Map.Entry<String, String> backlog : backlogs.entrySet()) {
            Map<String, Object> row = jdbc.queryForMap("select " + buckets + " from (" + backlog.getValue() + ") b");
            for (int i = 0; i < AGES.size(); i++) {
                values.put(key("amo.backlog.claims", "stage", backlog.getKey(), "age", AGES.get(i)),
                        ((Number) row.get("a" + i)).doubleValue());
            }
            oldest = Math.max(oldest, ((Number) row.get("oldest")).doubleValue());
        }
        values.put(key("amo.oldest.unsettled.claim.age.seconds"), oldest);
        jdbc.query("select kind, extract(epoch from max(applied_at)) from registry_extract group by kind", rs -> {
            values.put(key("amo.registry.last.applied.timestamp.seconds", "kind", rs.getString(1)), rs.getDouble(2));
        });
        values.put(key("amo.reference.data.loaded.timestamp.seconds"), jdbc.queryForObject(
                "select coalesce(extract(epoch from max(loaded_at)), 0) from reference_load", Double.class));
        values.put(key("amo.settlement.last.completed.timestamp.seconds"), jdbc.queryForObject(
                "select coalesce(extract(epoch from max(completed_at)), 0) from settlement_run where status = 'DONE'",
                Double.class));
        jdbc.query("""
                select differences, extract(epoch from checked_at) from reconciliation_result
                order by id desc limit 1""", rs -> {
                    values.put(key("amo.reconciliation.differences"), rs.getDouble(1));
                    values.put(key("amo.reconciliation.last.run.timestamp.seconds"), rs.getDouble(2));
                });
        return values;
    }
}
