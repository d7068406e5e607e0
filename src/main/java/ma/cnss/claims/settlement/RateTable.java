package ma.cnss.claims.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dated coverage rates of amo-rules §4.3 ({@code ref_rate}). The row that applies is the most specific one
 * valid at the date of care: an exact regime beats ANY, then an exact sector, then an exact line type.
 */
public final class RateTable {

    public record Rate(String rateSet, String regime, String sector, String lineType, boolean aldLinked,
            boolean generic, LocalDate validFrom, LocalDate validTo, BigDecimal ratePct, String confidence) {

        /** How the row is named in explanations: its key in {@code ref_rate}. */
        public String key() {
            return rateSet + "/" + regime + "/" + sector + "/" + lineType + "/ald=" + aldLinked + "/generic=" + generic
                    + "/" + validFrom;
        }

        boolean covers(LocalDate date) {
            return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
        }

        int specificity() {
            return (regime.equals("ANY") ? 0 : 4) + (sector.equals("ANY") ? 0 : 2) + (lineType.equals("ANY") ? 0 : 1);
        }
    }

    private final List<Rate> rows;

    public RateTable(List<Rate> rows) {
        this.rows = List.copyOf(rows);
    }

    public Optional<Rate> find(String rateSet, String regime, String sector, String lineType, boolean aldLinked,
            boolean generic, LocalDate careDate) {
        return rows.stream()
                .filter(r -> r.rateSet().equals(rateSet) && r.aldLinked() == aldLinked && r.generic() == generic
                        && (r.regime().equals("ANY") || r.regime().equals(regime))
                        && (r.sector().equals("ANY") || r.sector().equals(sector))
                        && (r.lineType().equals("ANY") || r.lineType().equals(lineType)) && r.covers(careDate))
                .max(Comparator.comparingInt(Rate::specificity).thenComparing(Rate::validFrom));
    }
}
