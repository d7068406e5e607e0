package ma.cnss.claims.intake;

import java.util.EnumMap;
import java.util.Map;

/** One data row of a CSV claim file, by column, with the physical line it was read from. */
public record CsvRow(int fileLine, Map<CsvColumn, String> values, String malformed) {

    public String get(CsvColumn column) {
        String value = values.get(column);
        return value == null ? "" : value.trim();
    }

    static CsvRow malformed(int fileLine, String claimRef, String why) {
        Map<CsvColumn, String> values = new EnumMap<>(CsvColumn.class);
        values.put(CsvColumn.CLAIM_REF, claimRef);
        return new CsvRow(fileLine, values, why);
    }
}
