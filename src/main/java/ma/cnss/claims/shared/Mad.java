package ma.cnss.claims.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Amounts in Moroccan dirhams: exact decimals with at most 2 places, never floating point. */
public final class Mad {

    /** Contract §1a: digits, '.' separator, at most 2 decimals, no sign, no thousands separator. */
    private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,12}(\\.[0-9]{1,2})?$");

    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Mad() {
    }

    /** Parses a contract amount; returns null when the text is not a valid amount. */
    public static BigDecimal parseOrNull(String text) {
        if (text == null || !AMOUNT.matcher(text).matches()) {
            return null;
        }
        return new BigDecimal(text).setScale(2, RoundingMode.UNNECESSARY);
    }

    public static String format(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
