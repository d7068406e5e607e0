package ma.cnss.claims.shared;

import java.time.LocalDate;
import java.time.DateTimeException;

/** Dates of the file contracts: ISO {@code YYYY-MM-DD}, exactly, and real (no 30 February). */
public final class IsoDates {

    private IsoDates() {
    }

    /** The date, or null when the text is not exactly a real ISO date. */
    public static LocalDate parseOrNull(String text) {
        // by hand: every date of every line goes through here, and LocalDate.parse's formatter machinery was most
        // of the intake parser's time; the same answers (IsoDatesTest compares them)
        if (text == null || text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // no such day: month 13, 30 February
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
