package ma.cnss.claims.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ma.cnss.claims.intake.IncomingFile;
import ma.cnss.claims.intake.IntakeListener;
import ma.cnss.claims.intake.IntakeOutcome;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.shared.Regime;
import ma.cnss.claims.validation.ValidationListener;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every meter of the pipeline, in one place. Labels are bounded enumerations (regime, channel, reason code,
 * status): never claim, file or patient identifiers.
 */
@Component
public class PipelineMetrics implements IntakeListener, ValidationListener {

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        registerSeries();
    }

    /** Every series exists from start-up at zero, so rates and alerts work before the first file. */
    private void registerSeries() {
        for (IncomingFile.Channel channel : IncomingFile.Channel.values()) {
            for (IncomingFile.Format format : IncomingFile.Format.values()) {
                for (String status : new String[] {"DONE", "FAILED"}) {
                    submissions(channel.name(), format.name(), status);
                }
            }
            for (Regime regime : Regime.values()) {
                received(regime.name(), channel.name());
            }
            for (ReasonCode reason : ReasonCode.values()) {
                rejected(reason, channel.name());
            }
        }
        for (Regime regime : Regime.values()) {
            for (String outcome : new String[] {"ACCEPTED", "PARTIALLY_ACCEPTED", "REJECTED"}) {
                validated(regime.name(), outcome);
            }
        }
    }

    private Counter validated(String regime, String outcome) {
        return Counter.builder("amo.claims.validated")
                .description("Claims decided by validation, by regime and outcome")
                .tag("regime", regime).tag("outcome", outcome).register(registry);
    }

    private Counter validationRejected(String regime, String reason) {
        return Counter.builder("amo.claims.validation.rejections")
                .description("Claims refused or cut by validation, by regime and first reason code")
                .tag("regime", regime).tag("reason", reason).register(registry);
    }

    @Override
    public void claimsValidated(Map<String, Long> outcomes, Map<String, Long> reasons) {
        outcomes.forEach((key, count) -> {
            String[] parts = key.split("\\|");
            validated(parts[0], parts[1]).increment(count);
        });
        reasons.forEach((key, count) -> {
            String[] parts = key.split("\\|");
            validationRejected(parts[0], parts[1]).increment(count);
        });
    }

    private Counter submissions(String channel, String format, String status) {
        return Counter.builder("amo.submissions").description("Claim files received, by channel, format and status")
                .tag("channel", channel).tag("format", format).tag("status", status).register(registry);
    }

    private Counter received(String regime, String channel) {
        return Counter.builder("amo.claims.received")
                .description("Claims received (stored at intake), by regime and channel")
                .tag("regime", regime).tag("channel", channel).register(registry);
    }

    private Counter rejected(ReasonCode reason, String channel) {
        return Counter.builder("amo.intake.claims.rejected")
                .description("Claims refused at intake, by first reason code")
                .tag("reason", reason.name()).tag("channel", channel).register(registry);
    }

    @Override
    public void fileStored(IncomingFile file, IntakeOutcome outcome) {
        String channel = file.channel().name();
        submissions(channel, file.format().name(), outcome.status()).increment();
        outcome.receivedByRegime().forEach((regime, count) -> received(regime, channel).increment(count));
        outcome.rejectedByReason().forEach((reason, count) -> rejected(reason, channel).increment(count));
    }
}
