package ma.cnss.claims.camel;

import ma.cnss.claims.validation.ValidationStage;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/** Called by route {@code validation-claims}: validates waiting claims until none is left. */
@Component("claimValidation")
public class ValidationWorker {

    private final ValidationStage stage;

    public ValidationWorker(ValidationStage stage) {
        this.stage = stage;
    }

    @Handler
    public int drain() {
        int total = 0;
        int done;
        while ((done = stage.validateNextBatch()) > 0) {
            total += done;
        }
        return total;
    }
}
