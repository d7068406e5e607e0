package ma.cnss.claims.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1:A2)", "\tcell", "\rcell",
            "a \"quoted\", cell", "two\nlines", "plain"})
    void dangerousCellsAreNeutralisedAndQuotedSoThatTheyReadBackAsText(String payload) throws Exception {
        String line = SafeCsv.row("before", payload, "after");

        MappingIterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(line);
        List<String> cells = rows.next();
        assertThat(cells).hasSize(3);
        assertThat(cells.get(0)).isEqualTo("before");
        assertThat(cells.get(2)).isEqualTo("after");
        String read = cells.get(1);
        if ("=+-@\t\r".indexOf(payload.charAt(0)) >= 0) {
            assertThat(read).isEqualTo("'" + payload);
        } else {
            assertThat(read).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-5, 0, 12})
    void numbersStayNumbers(int number) {
        assertThat(SafeCsv.cell(number)).isEqualTo(String.valueOf(number));
    }
}
