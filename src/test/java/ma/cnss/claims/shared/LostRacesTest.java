package ma.cnss.claims.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;

class LostRacesTest {

    @Test
    void aTransactionThatLostARaceIsRunAgainAndItsResultReturned() {
        AtomicInteger attempts = new AtomicInteger();
        String result = LostRaces.retried("test", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConcurrencyFailureException("lost");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aDeadlockOrALockNotGrantedIsARaceToo() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(LostRaces.retried("test", () -> {
            if (attempts.incrementAndGet() < LostRaces.ATTEMPTS) {
                throw new CannotAcquireLockException("deadlock detected");
            }
            return attempts.get();
        })).isEqualTo(LostRaces.ATTEMPTS);
    }

    @Test
    void stillLosingAfterTheLastAttemptTheFailureGoesUp() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> LostRaces.retried("test", () -> {
            attempts.incrementAndGet();
            throw new ConcurrencyFailureException("lost again");
        })).isInstanceOf(ConcurrencyFailureException.class).hasMessage("lost again");
        assertThat(attempts).hasValue(LostRaces.ATTEMPTS);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> LostRaces.retried("test", () -> {
            attempts.incrementAndGet();
            throw new DataIntegrityViolationException("a bug, not a race");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(1);
    }
}
