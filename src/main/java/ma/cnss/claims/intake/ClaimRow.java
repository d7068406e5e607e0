package ma.cnss.claims.intake;

import java.util.EnumMap;
import java.util.Map;

/**
 * One line of a claim, by field, whatever the format: a CSV data row, or a FHIR Claim item with its claim-level
 * fields. The locator names where a field was found, so messages point at a line and column or at a FHIR path.
 */
public record ClaimRow(int fileLine, Map<CsvColumn, String> values, String malformed, Locator locator) {

    /** Where a field of this row was read. */
    public interface Locator {
        /** Short machine location: the CSV column name or the FHIR path. */
        String location(CsvColumn column);

        /** Human phrase starting a message: "Ligne 3, colonne payee" or "Bundle.entry[1].resource.payee". */
        String where(CsvColumn column);

        /** The whole row or entry: "Ligne 3" or "Bundle.entry[1]". */
        String whole();
    }

    static ClaimRow csv(int fileLine, Map<CsvColumn, String> values) {
        return new ClaimRow(fileLine, values, null, new CsvLocator(fileLine));
    }

    public String get(CsvColumn column) {
        String value = values.get(column);
        return value == null ? "" : value.trim();
    }

    public String location(CsvColumn column) {
        return locator.location(column);
    }

    public String where(CsvColumn column) {
        return locator.where(column);
    }

    static ClaimRow malformed(int fileLine, String claimRef, String why) {
        Map<CsvColumn, String> values = new EnumMap<>(CsvColumn.class);
        values.put(CsvColumn.CLAIM_REF, claimRef);
        return new ClaimRow(fileLine, values, why, new CsvLocator(fileLine));
    }

    private record CsvLocator(int fileLine) implements Locator {
        @Override
        public String location(CsvColumn column) {
            return column.header();
        }

        @Override
        public String where(CsvColumn column) {
            return "Ligne " + fileLine + ", colonne " + column.header();
        }

        @Override
        public String whole() {
            return "Ligne " + fileLine;
        }
    }
}
