package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedResourceMemoTest {

    private static final String PATIENT = "Patient/pat-200000001-0";
    private static final String COVERAGE = "Coverage/cov-200000001-0";

    @Test
    void aResourceStoredWithTheWantedFingerprintNeedsNothingMore() {
        SharedResourceMemo memo = new SharedResourceMemo(100);
        memo.remember(Map.of(PATIENT, "3|200000001|1980-05-17"), 4);

        assertThat(memo.notKnown(Map.of(PATIENT, "3|200000001|1980-05-17", COVERAGE, "3|cov"), 4))
                .containsOnlyKeys(COVERAGE);
    }

    @Test
    void aResourceMappedFromOtherRegistryFieldsIsWrittenAgain() {
        SharedResourceMemo memo = new SharedResourceMemo(100);
        memo.remember(Map.of(PATIENT, "3|200000001|1980-05-17"), 4);

        assertThat(memo.notKnown(Map.of(PATIENT, "3|200000001|1981-01-02"), 4))
                .containsEntry(PATIENT, "3|200000001|1981-01-02");
    }

    @Test
    void anExtractAppliedSinceForgetsWhatWasStoredUnderTheOlderRegistry() {
        SharedResourceMemo memo = new SharedResourceMemo(100);
        memo.remember(Map.of(PATIENT, "3|200000001|1980-05-17"), 4);

        assertThat(memo.notKnown(Map.of(PATIENT, "3|200000001|1980-05-17"), 5)).containsOnlyKeys(PATIENT);
        assertThat(memo.size()).isZero();
    }

    @Test
    void aBatchThatReadTheRegistryBeforeTheLatestExtractRemembersNothing() {
        SharedResourceMemo memo = new SharedResourceMemo(100);
        memo.notKnown(Map.of(), 5);

        memo.remember(Map.of(PATIENT, "3|200000001|1980-05-17"), 4);

        assertThat(memo.notKnown(Map.of(PATIENT, "3|200000001|1980-05-17"), 5)).containsOnlyKeys(PATIENT);
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedEntriesLeave() {
        SharedResourceMemo memo = new SharedResourceMemo(2);
        memo.remember(Map.of(PATIENT, "p"), 1);
        memo.remember(Map.of(COVERAGE, "c"), 1);
        memo.notKnown(Map.of(PATIENT, "p"), 1); // the Patient used again: the Coverage is now the oldest

        memo.remember(Map.of("Practitioner/prov-300000000", "g"), 1);

        assertThat(memo.size()).isEqualTo(2);
        assertThat(memo.notKnown(Map.of(PATIENT, "p", COVERAGE, "c"), 1)).containsOnlyKeys(COVERAGE);
    }

    @Test
    void forgettingSendsEveryResourceBackToTheDatabase() {
        SharedResourceMemo memo = new SharedResourceMemo(100);
        memo.remember(Map.of(PATIENT, "p"), 1);

        memo.forget();

        assertThat(memo.notKnown(Map.of(PATIENT, "p"), 1)).containsOnlyKeys(PATIENT);
    }
}
