package ma.cnss.claims.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ma.cnss.claims.intake.IncomingFile;
import ma.cnss.claims.intake.IntakeListener;
import ma.cnss.claims.intake.IntakeOutcome;
import org.springframework.stereotype.Component;

/**
 * Every meter of the pipeline, in one place. Labels are bounded enumerations (regime, channel, reason code,
 * status): never claim, file or patient identifiers.
 */
@Component
public class PipelineMetrics implements IntakeListener {

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void fileStored(IncomingFile file, IntakeOutcome outcome) {
        String channel = file.channel().name();
        Counter.builder("amo.submissions").description("Claim files received, by channel, format and status")
                .tag("channel", channel).tag("format", file.format().name()).tag("status", outcome.status())
                .register(registry).increment();
        outcome.receivedByRegime().forEach((regime, count) -> Counter.builder("amo.claims.received")
                .description("Claims received (stored at intake), by regime and channel")
                .tag("regime", regime).tag("channel", channel).register(registry).increment(count));
        outcome.rejectedByReason().forEach((reason, count) -> Counter.builder("amo.intake.claims.rejected")
                .description("Claims refused at intake, by first reason code")
                .tag("reason", reason.name()).tag("channel", channel).register(registry).increment(count));
    }
}
