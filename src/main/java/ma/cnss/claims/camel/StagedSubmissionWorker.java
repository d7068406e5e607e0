package ma.cnss.claims.camel;

import ma.cnss.claims.intake.ClaimFileIntake;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/** Called by route {@code intake-http-staged}: stores the claims of every staged HTTP submission waiting. */
@Component("stagedSubmissions")
public class StagedSubmissionWorker {

    private final ClaimFileIntake intake;

    public StagedSubmissionWorker(ClaimFileIntake intake) {
        this.intake = intake;
    }

    /** Works until none is waiting; a technical failure throws and the submission is taken again later. */
    @Handler
    public int drain() {
        int done = 0;
        while (intake.processNextStaged()) {
            done++;
        }
        return done;
    }
}
