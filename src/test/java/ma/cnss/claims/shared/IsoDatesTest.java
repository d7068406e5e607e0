package ma.cnss.claims.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoDatesTest {

    /** What the contract's dates meant before the hand-written parser: exactly ten characters, and LocalDate.parse. */
    private static LocalDate byTheFormatter(String text) {
        if (text == null || text.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void aDateIsExactlyARealIsoDate() {
        assertThat(IsoDates.parseOrNull("2026-02-28")).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(IsoDates.parseOrNull("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        for (String refused : new String[] {null, "", "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
                "2026-01-00", "2026-1-01", "2026/01/01", "26-01-2026", "2026-01-01T", " 2026-01-1", "+2026-01-01",
                "2026-01-0a", "２０２６-01-01"}) {
            assertThat(IsoDates.parseOrNull(refused)).as(refused).isNull();
        }
    }

    @Test
    void theParserAgreesWithJavasIsoFormatterOnRandomTexts() {
        Random random = new Random(11);
        String alphabet = "0123456789-+ /T0123456789";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) { // near-dates: digits in place, any of them perhaps off
                text.append(String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14),
                        random.nextInt(33)));
                if (random.nextInt(4) == 0) {
                    text.setCharAt(random.nextInt(10), alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                for (int c = 8 + random.nextInt(4); c > 0; c--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            assertThat(IsoDates.parseOrNull(text.toString())).as(text.toString())
                    .isEqualTo(byTheFormatter(text.toString()));
        }
    }
}
