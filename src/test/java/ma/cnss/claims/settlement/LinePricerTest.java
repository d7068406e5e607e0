package ma.cnss.claims.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked examples of amo-rules §4.8 and the rules around them. */
class LinePricerTest {

    static final LocalDate CARE = LocalDate.of(2026, 11, 2);

    static RateTable.Rate rate(String set, String regime, String sector, String type, boolean ald, boolean generic,
            String pct) {
        return new RateTable.Rate(set, regime, sector, type, ald, generic, LocalDate.of(2006, 1, 1), null,
                new BigDecimal(pct), "CONFIRMED");
    }

    /** The shipped DEFAULT set (ref_rate), plus an ALD-at-100 % set for the worked example. */
    static final RateTable RATES = new RateTable(List.of(
            rate("DEFAULT", "ANY", "ANY", "ACT", false, false, "70.00"),
            rate("DEFAULT", "ANY", "ANY", "DAY_RATE", false, false, "70.00"),
            rate("DEFAULT", "ANY", "ANY", "MEDICINE", false, false, "70.00"),
            rate("DEFAULT", "ANY", "ANY", "MEDICINE", false, true, "70.00"),
            rate("DEFAULT", "ANY", "ANY", "DEVICE", false, false, "100.00"),
            rate("DEFAULT", "ANY", "ANY", "ANY", true, false, "90.00"),
            rate("DEFAULT", "TADAMON", "PUBLIC", "ANY", false, false, "100.00"),
            rate("ALD100", "ANY", "ANY", "ACT", false, false, "70.00"),
            rate("ALD100", "ANY", "ANY", "ANY", true, false, "100.00")));

    static final LinePricer.Tariffs TARIFFS = new LinePricer.Tariffs() {
        @Override
        public Optional<LinePricer.Tariff> tariff(String code, String sector, LocalDate date) {
            return switch (code) {
                case "C" -> Optional.of(new LinePricer.Tariff("C", sector, LocalDate.of(2020, 1, 13),
                        new BigDecimal("150.00")));
                case "K" -> Optional.of(new LinePricer.Tariff("K", sector, LocalDate.of(2006, 1, 1),
                        new BigDecimal("20.00")));
                case "MEDICAL_WARD" -> Optional.of(new LinePricer.Tariff("MEDICAL_WARD", sector,
                        LocalDate.of(2020, 1, 13), new BigDecimal("850.00")));
                default -> Optional.empty();
            };
        }

        @Override
        public Optional<LinePricer.Medicine> medicine(String ean13, LocalDate date) {
            return ean13.equals("6118010116278") ? Optional.of(new LinePricer.Medicine(ean13, LocalDate.of(2000, 1, 1),
                    new BigDecimal("210.00"), false)) : Optional.empty();
        }
    };

    static final LinePricer DEFAULT = new LinePricer(RATES, TARIFFS, "DEFAULT", RoundingMode.HALF_UP);

    static LinePricer.Line line(String regime, String sector, String type, String code, int quantity, String billed) {
        return new LinePricer.Line(regime, sector, type, code, quantity, CARE, new BigDecimal(billed), null, false,
                false, null, null);
    }

    @Test
    void aGpConsultationBilled200AtSeventyPercentOfTheTnrPays105AndThePatient95() {
        LinePricer.Priced priced = DEFAULT.price(line("TNS", "PRIVATE", "ACT", "C", 1, "200.00"));

        assertThat(priced.base()).isEqualByComparingTo("150.00");
        assertThat(priced.paid()).isEqualByComparingTo("105.00");
        assertThat(priced.patientShare()).isEqualByComparingTo("95.00");
        assertThat(priced.baseRule()).isEqualTo("ACT_TNR");
        assertThat(priced.tariffRef()).isEqualTo("C/PRIVATE/2020-01-13");
        assertThat(priced.rateRef()).startsWith("DEFAULT/ANY/ANY/ACT/ald=false");
    }

    @Test
    void theSameConsultationUnderAnOpenAldAtOneHundredPercentPays150() {
        LinePricer ald100 = new LinePricer(RATES, TARIFFS, "ALD100", RoundingMode.HALF_UP);
        LinePricer.Priced priced = ald100.price(new LinePricer.Line("TNS", "PRIVATE", "ACT", "C", 1, CARE,
                new BigDecimal("200.00"), null, false, true, 9, null));

        assertThat(priced.paid()).isEqualByComparingTo("150.00");
        assertThat(priced.aldGroup()).isEqualTo(9);
    }

    @Test
    void underTheDefaultRatesAnAldLineIsPaidAtNinetyPercent() {
        LinePricer.Priced priced = DEFAULT.price(new LinePricer.Line("TNS", "PRIVATE", "ACT", "C", 1, CARE,
                new BigDecimal("200.00"), null, false, true, 9, null));
        assertThat(priced.paid()).isEqualByComparingTo("135.00");
    }

    @Test
    void oneBoxOfCrestorIsPaidOnItsPrixBrNeverItsPpv() {
        LinePricer.Priced priced = DEFAULT.price(line("TADAMON", "PRIVATE", "MEDICINE", "6118010116278", 1, "210.00"));

        assertThat(priced.paid()).isEqualByComparingTo("147.00");
        assertThat(priced.baseRule()).isEqualTo("MEDICINE_PRIX_BR");
    }

    @Test
    void tadamonCareInAPublicHospitalIsPaidInFull() {
        LinePricer.Priced priced = DEFAULT.price(line("TADAMON", "PUBLIC", "DAY_RATE", "MEDICAL_WARD", 3, "2550.00"));
        assertThat(priced.paid()).isEqualByComparingTo("2550.00");
        assertThat(priced.patientShare()).isEqualByComparingTo("0.00");
    }

    @Test
    void anActsTnrIsTheLetterValueTimesItsCoefficient() {
        LinePricer.Priced priced = DEFAULT.price(line("TNS", "PRIVATE", "ACT", "K50", 1, "1500.00"));
        assertThat(priced.referenceValue()).isEqualByComparingTo("1000.00");
        assertThat(priced.paid()).isEqualByComparingTo("700.00");
    }

    @Test
    void aBillBelowTheTnrIsPaidOnWhatWasBilled() {
        assertThat(DEFAULT.price(line("TNS", "PRIVATE", "ACT", "C", 1, "100.00")).paid()).isEqualByComparingTo("70.00");
    }

    @Test
    void roundingIsHalfUpToTheCentimeByDefaultAndConfigurable() {
        // 33.35 x 70 % = 23.345
        assertThat(DEFAULT.price(line("TNS", "PRIVATE", "ACT", "C", 1, "33.35")).paid()).isEqualByComparingTo("23.35");
        LinePricer halfEven = new LinePricer(RATES, TARIFFS, "DEFAULT", RoundingMode.HALF_EVEN);
        assertThat(halfEven.price(line("TNS", "PRIVATE", "ACT", "C", 1, "33.35")).paid()).isEqualByComparingTo("23.34");
    }

    @Test
    void aLateFilingPenaltyComesOffThePaidAmount() {
        LinePricer.Priced priced = DEFAULT.price(new LinePricer.Line("TNS", "PRIVATE", "ACT", "C", 1, CARE,
                new BigDecimal("200.00"), null, false, false, null, new BigDecimal("10")));
        assertThat(priced.amount()).isEqualByComparingTo("105.00");
        assertThat(priced.paid()).isEqualByComparingTo("94.50");
        assertThat(priced.patientShare()).isEqualByComparingTo("105.50");
    }

    @Test
    void aLineLoweredInReviewIsPricedOnTheAllowedAmountAndARejectedOnePaysNothing() {
        LinePricer.Priced lowered = DEFAULT.price(new LinePricer.Line("TNS", "PRIVATE", "ACT", "C", 1, CARE,
                new BigDecimal("200.00"), new BigDecimal("120.00"), false, false, null, null));
        assertThat(lowered.paid()).isEqualByComparingTo("84.00");
        LinePricer.Priced rejected = DEFAULT.price(new LinePricer.Line("TNS", "PRIVATE", "ACT", "C", 1, CARE,
                new BigDecimal("200.00"), null, true, false, null, null));
        assertThat(rejected.paid()).isEqualByComparingTo("0.00");
        assertThat(rejected.patientShare()).isEqualByComparingTo("200.00");
        assertThat(rejected.baseRule()).isEqualTo("REVIEW_REJECTED");
    }

    @Test
    void aDeviceWithoutAKnownForfaitIsNotPaidAndSaysWhy() {
        LinePricer.Priced priced = DEFAULT.price(line("TNS", "PRIVATE", "DEVICE", "ORTHESE-1", 1, "900.00"));
        assertThat(priced.paid()).isEqualByComparingTo("0.00");
        assertThat(priced.note()).contains("Forfait");
    }
}
