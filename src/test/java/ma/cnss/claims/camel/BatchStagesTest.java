package ma.cnss.claims.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchStagesTest {

    @Test
    void aStageWorksThroughEveryWaitingBatchThenReturns() {
        AtomicInteger waiting = new AtomicInteger(5);

        int done = BatchStages.drain(() -> waiting.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 100 : 0, () -> false);

        assertThat(done).isEqualTo(500);
        assertThat(waiting).hasValue(0);
    }

    @Test
    void aClosingServiceFinishesTheBatchInHandAndTakesNoOther() {
        AtomicBoolean closing = new AtomicBoolean();
        AtomicInteger batches = new AtomicInteger();

        int done = BatchStages.drain(() -> {
            if (batches.incrementAndGet() == 3) {
                closing.set(true); // shutdown begins while the third batch is worked
            }
            return 100; // an endless backlog
        }, closing::get);

        assertThat(batches).hasValue(3);
        assertThat(done).isEqualTo(300);
    }
}
