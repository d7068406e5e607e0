package ma.cnss.claims.flagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimFlaggerTest {

    private static final LocalDate CARE = LocalDate.of(2026, 11, 2);
    private static final ClaimFlagger FLAGGER = new ClaimFlagger(ClaimFlagger.Policy.defaults(),
            Map.of(9, "E10-E14", 14, "I10-I15", 38, ""),
            (ean, date) -> ean.equals("6118010116230") ? Optional.of(new BigDecimal("2555.00"))
                    : Optional.of(new BigDecimal("210.00")));

    private static List<ClaimFlagger.Line> consultation() {
        return List.of(new ClaimFlagger.Line("ACT", "C", 1, CARE, new BigDecimal("200.00")));
    }

    private static List<String> flags(List<ClaimFlagger.FlagFinding> findings) {
        return findings.stream().map(ClaimFlagger.FlagFinding::flag).toList();
    }

    @Test
    void aDiagnosisCoveredByAnOpenRecognitionIsAld() {
        var found = FLAGGER.flag(List.of("E11.9"), CARE, consultation(),
                List.of(new ClaimFlagger.Recognition(9, CARE.minusYears(1), CARE.plusYears(1))));
        assertThat(flags(found)).containsExactly("ALD");
        assertThat(found.get(0).aldGroup()).isEqualTo(9);
    }

    @Test
    void anAldDiagnosisWithoutRecognitionIsOnlyPotential() {
        assertThat(flags(FLAGGER.flag(List.of("I10"), CARE, consultation(), List.of()))).containsExactly("POTENTIAL_ALD");
    }

    @Test
    void aRecognitionExpiredAtTheCareDateDoesNotMakeItAld() {
        var expired = new ClaimFlagger.Recognition(9, CARE.minusYears(3), CARE.minusDays(1));
        assertThat(flags(FLAGGER.flag(List.of("E11.9"), CARE, consultation(), List.of(expired))))
                .containsExactly("POTENTIAL_ALD");
    }

    @Test
    void aRecognitionForAnotherGroupDoesNotCount() {
        var other = new ClaimFlagger.Recognition(14, CARE.minusYears(1), CARE.plusYears(1));
        assertThat(flags(FLAGGER.flag(List.of("E11.9"), CARE, consultation(), List.of(other))))
                .containsExactly("POTENTIAL_ALD");
    }

    @Test
    void anOrdinaryClaimGetsNoFlag() {
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, consultation(), List.of())).isEmpty();
    }

    @Test
    void aTotalAboveTheThresholdIsCostly() {
        var lines = List.of(new ClaimFlagger.Line("ACT", "K50", 1, CARE, new BigDecimal("5000.01")));
        assertThat(flags(FLAGGER.flag(List.of("J06.9"), CARE, lines, List.of()))).containsExactly("COSTLY_TOTAL");
        var atThreshold = List.of(new ClaimFlagger.Line("ACT", "K50", 1, CARE, new BigDecimal("5000.00")));
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, atThreshold, List.of())).isEmpty();
    }

    @Test
    void intensiveOrCriticalCareDaysAreCostly() {
        var lines = List.of(new ClaimFlagger.Line("DAY_RATE", "CRITICAL_CARE", 1, CARE, new BigDecimal("2500.00")));
        assertThat(flags(FLAGGER.flag(List.of("J06.9"), CARE, lines, List.of()))).containsExactly("COSTLY_INTENSIVE_CARE");
    }

    @Test
    void aMedicineWhosePrixBrIsAboveTheThresholdIsCostly() {
        var lines = List.of(new ClaimFlagger.Line("MEDICINE", "6118010116230", 1, CARE, new BigDecimal("2882.00")));
        assertThat(flags(FLAGGER.flag(List.of("J06.9"), CARE, lines, List.of()))).containsExactly("COSTLY_MEDICINE");
    }

    @Test
    void aBeneficiarysTwelveMonthSpendAboveTheThresholdIsCostly() {
        var history = new ClaimFlagger.History(new BigDecimal("39800.01"), Map.of());
        assertThat(flags(FLAGGER.flag(List.of("J06.9"), CARE, consultation(), List.of(), history)))
                .containsExactly("COSTLY_ROLLING_12M");
        var atThreshold = new ClaimFlagger.History(new BigDecimal("39800.00"), Map.of());
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, consultation(), List.of(), atThreshold)).isEmpty();
    }

    @Test
    void anActBilledFarAboveItsRunningMedianIsAnOutlier() {
        var usual = Map.of("C", new ClaimFlagger.UsualAmount(new BigDecimal("200.00"), 500));
        var outlier = List.of(new ClaimFlagger.Line("ACT", "C", 1, CARE, new BigDecimal("600.01")));
        assertThat(flags(FLAGGER.flag(List.of("J06.9"), CARE, outlier, List.of(),
                new ClaimFlagger.History(BigDecimal.ZERO, usual)))).containsExactly("COSTLY_OUTLIER");
        var threeTimes = List.of(new ClaimFlagger.Line("ACT", "C", 1, CARE, new BigDecimal("600.00")));
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, threeTimes, List.of(),
                new ClaimFlagger.History(BigDecimal.ZERO, usual))).isEmpty();
    }

    @Test
    void anOutlierIsJudgedPerUnitSoQuantityIsNotSuspicious() {
        var usual = Map.of("C", new ClaimFlagger.UsualAmount(new BigDecimal("200.00"), 500));
        var fourVisits = List.of(new ClaimFlagger.Line("ACT", "C", 4, CARE, new BigDecimal("800.00")));
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, fourVisits, List.of(),
                new ClaimFlagger.History(BigDecimal.ZERO, usual))).isEmpty();
    }

    @Test
    void tooFewEarlierActsGiveNoOutlier() {
        var fewSamples = Map.of("C", new ClaimFlagger.UsualAmount(new BigDecimal("200.00"), 29));
        var outlier = List.of(new ClaimFlagger.Line("ACT", "C", 1, CARE, new BigDecimal("2000.00")));
        assertThat(FLAGGER.flag(List.of("J06.9"), CARE, outlier, List.of(),
                new ClaimFlagger.History(BigDecimal.ZERO, fewSamples))).isEmpty();
    }
}
