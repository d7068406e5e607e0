package ma.cnss.claims.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Pricing properties over generated lines (jqwik): bounds, determinism, order independence. */
class PricingPropertiesTest {

    @Provide
    Arbitrary<LinePricer.Line> lines() {
        Arbitrary<String> regime = Arbitraries.of("TADAMON", "TNS");
        Arbitrary<String> sector = Arbitraries.of("PRIVATE", "PUBLIC");
        Arbitrary<String[]> kind = Arbitraries.of(new String[] {"ACT", "C"}, new String[] {"ACT", "K35"},
                new String[] {"MEDICINE", "6118010116278"}, new String[] {"DAY_RATE", "MEDICAL_WARD"},
                new String[] {"DEVICE", "X1"});
        Arbitrary<BigDecimal> billed = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("50000"))
                .ofScale(2);
        Arbitrary<Integer> quantity = Arbitraries.integers().between(1, 10);
        Arbitrary<Boolean> ald = Arbitraries.of(true, false);
        Arbitrary<BigDecimal> penalty = Arbitraries.of(null, new BigDecimal("5"), new BigDecimal("50"));
        Arbitrary<BigDecimal> allowedShare = Arbitraries.of(null, new BigDecimal("0.5"));
        return Combinators.combine(regime, sector, kind, billed, quantity, ald, penalty, allowedShare)
                .as((r, s, k, b, q, a, p, share) -> new LinePricer.Line(r, s, k[0], k[1], q, LinePricerTest.CARE, b,
                        share == null ? null : b.multiply(share).setScale(2, java.math.RoundingMode.DOWN), false, a,
                        a ? 9 : null, p));
    }

    @Property(tries = 2000)
    void paidIsNeverNegativeNorAboveWhatWasBilled(@ForAll("lines") LinePricer.Line line) {
        LinePricer.Priced priced = LinePricerTest.DEFAULT.price(line);
        assertThat(priced.paid()).isBetween(BigDecimal.ZERO, line.billed());
        assertThat(priced.paid().scale()).isEqualTo(2);
        assertThat(priced.patientShare()).isEqualByComparingTo(line.billed().subtract(priced.paid()));
    }

    @Property(tries = 500)
    void pricingTheSameLineAgainGivesTheSameResult(@ForAll("lines") LinePricer.Line line) {
        assertThat(LinePricerTest.DEFAULT.price(line)).isEqualTo(LinePricerTest.DEFAULT.price(line));
    }

    @Property(tries = 200)
    void theTotalDoesNotDependOnTheOrderLinesArePriced(@ForAll("lines") LinePricer.Line a,
            @ForAll("lines") LinePricer.Line b, @ForAll("lines") LinePricer.Line c, @ForAll long seed) {
        List<LinePricer.Line> lines = new ArrayList<>(List.of(a, b, c, a));
        BigDecimal inOrder = total(lines);
        Collections.shuffle(lines, new Random(seed));
        assertThat(total(lines)).isEqualByComparingTo(inOrder);
    }

    private static BigDecimal total(List<LinePricer.Line> lines) {
        return lines.stream().map(l -> LinePricerTest.DEFAULT.price(l).paid()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
