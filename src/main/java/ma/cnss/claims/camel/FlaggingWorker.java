package ma.cnss.claims.camel;

import ma.cnss.claims.flagging.FlaggingStage;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/** Called by route {@code flagging-claims}: flags accepted claims until none waits. */
@Component("claimFlagging")
public class FlaggingWorker {

    private final FlaggingStage stage;

    public FlaggingWorker(FlaggingStage stage) {
        this.stage = stage;
    }

    @Handler
    public int drain() {
        int total = 0;
        int done;
        while ((done = stage.flagNextBatch()) > 0) {
            total += done;
        }
        return total;
    }
}
