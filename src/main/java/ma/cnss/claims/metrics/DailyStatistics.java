package ma.cnss.claims.metrics;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.shared.SafeCsv;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Per deposit day (Casablanca) and regime: deposited, accepted, rejected, flagged, settled, amount paid, median and
 * 90th-percentile time from deposit to settlement. Read from the {@code daily_statistics} view, so the figures are
 * the database's.
 */
@Service
public class DailyStatistics {

    private static final String[] COLUMNS = {"day", "regime", "deposited", "accepted", "rejected", "flagged", "settled",
        "amountPaidMad", "medianSecondsToSettlement", "p90SecondsToSettlement"};

    private final JdbcTemplate jdbc;

    public DailyStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> between(LocalDate from, LocalDate to) {
        return jdbc.query("""
                select day, regime, deposited, accepted, rejected, flagged, settled, amount_paid_mad,
                       round(median_seconds_to_settlement::numeric, 1), round(p90_seconds_to_settlement::numeric, 1)
                from daily_statistics where day between ? and ? order by day, regime""", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(COLUMNS[0], rs.getDate(1).toLocalDate().toString());
                    row.put(COLUMNS[1], rs.getString(2));
                    for (int c = 2; c <= 6; c++) {
                        row.put(COLUMNS[c], rs.getLong(c + 1));
                    }
                    row.put(COLUMNS[7], rs.getBigDecimal(8));
                    row.put(COLUMNS[8], rs.getBigDecimal(9));
                    row.put(COLUMNS[9], rs.getBigDecimal(10));
                    return row;
                }, Date.valueOf(from), Date.valueOf(to));
    }

    /** The same rows as CSV for analysts (RFC 4180, cells safe against formula injection). */
    public String csv(List<Map<String, Object>> rows) {
        StringBuilder csv = new StringBuilder(SafeCsv.row((Object[]) COLUMNS));
        for (Map<String, Object> row : rows) {
            csv.append(SafeCsv.row(row.values().stream().map(v -> v instanceof BigDecimal b ? b.toPlainString() : v)
                    .toArray()));
        }
        return csv.toString();
    }
}
