package ma.cnss.claims.camel;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import ma.cnss.claims.fhir.FhirMappingStage;
import ma.cnss.claims.flagging.FlaggingStage;
import ma.cnss.claims.intake.ClaimFileIntake;
import ma.cnss.claims.metrics.PipelineMetrics;
import ma.cnss.claims.settlement.SettlementSchedule;
import ma.cnss.claims.validation.ValidationStage;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Called by the timer routes of the stages that work from PostgreSQL (staged HTTP bodies, validation, FHIR
 * mapping, flagging, settlement): each call works through
 * every waiting batch, then the timer fires again. A technical failure throws; the batch's transaction rolls
 * back and its claims are taken again at the next tick.
 */
@Component("batchStages")
public class BatchStages {

    private final ClaimFileIntake intake;
    private final ValidationStage validation;
    private final FhirMappingStage fhirMapping;
    private final FlaggingStage flagging;
    private final SettlementSchedule settlement;
    private final PipelineMetrics metrics;
    private volatile boolean closing;

    public BatchStages(ClaimFileIntake intake, ValidationStage validation, FhirMappingStage fhirMapping,
            FlaggingStage flagging, SettlementSchedule settlement, PipelineMetrics metrics) {
        this.settlement = settlement;
        this.metrics = metrics;
        this.intake = intake;
        this.validation = validation;
        this.fhirMapping = fhirMapping;
        this.flagging = flagging;
    }

    /** Route {@code intake-http-staged}: stores the claims of every staged HTTP submission waiting. */
    public int storeStaged() {
        return metrics.timeStage("intake-http", () -> drain(intake::processStagedBatch));
    }

    /** Route {@code validation-claims}. */
    public int validate() {
        return metrics.timeStage("validation", () -> drain(validation::validateNextBatch));
    }

    /** Routes {@code fhir-map-claims-1} and {@code -2}, the two workers. */
    public int encodeFhir() {
        return metrics.timeStage("fhir-mapping", () -> drain(fhirMapping::mapNextBatch));
    }

    /** Routes {@code flagging-claims-1} and {@code -2}, the two workers. */
    public int flag() {
        return metrics.timeStage("flagging", () -> drain(flagging::flagNextBatch));
    }

    /** Route {@code settlement-pricing}: prices the claims released to settlement so far. */
    public int price() {
        return metrics.timeStage("pricing", () -> drain(settlement::priceReleased));
    }

    /** Route {@code settlement-daily}: the day's settlement run, once it is due. */
    public boolean settle() {
        return metrics.timeStage("settlement", settlement::runIfDue);
    }

    /**
     * Shutdown begins: each stage finishes the batch in hand and takes no other. Without this, a stage with a
     * backlog kept draining after Camel's shutdown timeout, on a connection pool already closed (seen when the
     * benchmark stopped the service with 6,000 HTTP files still waiting).
     */
    @EventListener(ContextClosedEvent.class)
    public void stopTakingBatches() {
        closing = true;
    }

    private int drain(IntSupplier nextBatch) {
        return drain(nextBatch, () -> closing);
    }

    static int drain(IntSupplier nextBatch, BooleanSupplier closing) {
        int total = 0;
        int done;
        while (!closing.getAsBoolean() && (done = nextBatch.getAsInt()) > 0) {
            total += done;
        }
        return total;
    }
}
