package ma.cnss.claims.shared;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Dates of the file contracts: ISO {@code YYYY-MM-DD}, exactly, and real (no 30 February). */
public final class IsoDates {

    private IsoDates() {
    }

    /** The date, or null when the text is not exactly a real ISO date. */
    public static LocalDate parseOrNull(String text) {
        if (text == null || text.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
