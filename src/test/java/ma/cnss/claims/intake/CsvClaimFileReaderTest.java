package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.support.ClaimCsv;
import org.junit.jupiter.api.Test;

class CsvClaimFileReaderTest {

    private static List<List<ClaimRow>> readAll(byte[] content) throws Exception {
        List<List<ClaimRow>> claims = new ArrayList<>();
        try (CsvClaimFileReader reader = new CsvClaimFileReader(new ByteArrayInputStream(content), 1000)) {
            List<ClaimRow> rows;
            while ((rows = reader.nextClaimRows()) != null) {
                claims.add(rows);
            }
        }
        return claims;
    }

    @Test
    void contiguousRowsWithTheSameClaimRefFormOneClaim() throws Exception {
        List<List<ClaimRow>> claims = readAll(ClaimCsv.file().validClaim("A-1").validClaim("A-2").bytes());

        assertThat(claims).hasSize(2);
        assertThat(claims.get(0)).extracting(row -> row.get(CsvColumn.LINE_NO)).containsExactly("1", "2");
        assertThat(claims.get(1).get(0).fileLine()).isEqualTo(4);
    }

    @Test
    void headerColumnsAreCaseInsensitiveInAnyOrderAndABomIsTolerated() throws Exception {
        String[] columns = ClaimCsv.HEADER.split(",");
        List<String> reversed = new ArrayList<>(List.of(columns));
        java.util.Collections.reverse(reversed);
        String header = "\uFEFF" + String.join(",", reversed).toUpperCase();
        String row = "200.00,2026-11-02,1,C,ACT,1,410.00,INSURED,E11.9,,,,AMBULATORY,PRIVATE,300000000,1980-05-17,0,"
                + "100000007,TADAMON,X-1";

        List<List<ClaimRow>> claims = readAll((header + "\r\n" + row + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(claims).hasSize(1);
        assertThat(claims.get(0).get(0).get(CsvColumn.CLAIM_REF)).isEqualTo("X-1");
        assertThat(claims.get(0).get(0).get(CsvColumn.BILLED_MAD)).isEqualTo("200.00");
    }

    @Test
    void anUnknownColumnRefusesTheWholeFile() {
        byte[] content = ClaimCsv.file().header(ClaimCsv.HEADER + ",comment").validClaim("A-1").bytes();

        assertThatThrownBy(() -> readAll(content)).isInstanceOfSatisfying(ClaimFileRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.FILE_BAD_HEADER);
            assertThat(e.getMessage()).contains("comment");
        });
    }

    @Test
    void aMissingColumnRefusesTheWholeFileAndIsNamed() {
        byte[] content = ClaimCsv.file().header(ClaimCsv.HEADER.replace(",payee", "")).bytes();

        assertThatThrownBy(() -> readAll(content)).isInstanceOfSatisfying(ClaimFileRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.FILE_BAD_HEADER);
            assertThat(e.getMessage()).contains("payee");
        });
    }

    @Test
    void bytesThatAreNotUtf8RefuseTheWholeFile() {
        byte[] content = (ClaimCsv.HEADER + "\nA-1,TADAMON,\u00e9t\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> readAll(content)).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_UTF8));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> readAll(new byte[0])).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_EMPTY));
    }

    @Test
    void anUnclosedQuoteRefusesTheFileNamingTheLine() {
        byte[] content = ClaimCsv.file().validClaim("A-1").row("\"A-2,TADAMON").bytes();

        assertThatThrownBy(() -> readAll(content)).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_CSV));
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsOnlyMarksItsOwnClaim() throws Exception {
        List<List<ClaimRow>> claims = readAll(ClaimCsv.file().validClaim("A-1").row("A-2,TADAMON,1")
                .validClaim("A-3").bytes());

        assertThat(claims).hasSize(3);
        assertThat(claims.get(1).get(0).malformed()).contains("3 champ(s)");
        assertThat(ClaimFieldsParser.parse(claims.get(1)).issues()).extracting(Issue::reason)
                .containsExactly(ReasonCode.ROW_MALFORMED);
        assertThat(ClaimFieldsParser.parse(claims.get(2)).refused()).isFalse();
    }

    @Test
    void moreRowsThanTheLimitRefuseTheFile() {
        ClaimCsv csv = ClaimCsv.file();
        for (int i = 0; i < 6; i++) {
            csv.validClaim("A-" + i);
        }
        assertThatThrownBy(() -> {
            try (CsvClaimFileReader reader = new CsvClaimFileReader(new ByteArrayInputStream(csv.bytes()), 10)) {
                while (reader.nextClaimRows() != null) {
                    // read to the end
                }
            }
        }).isInstanceOfSatisfying(ClaimFileRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.FILE_TOO_MANY_ROWS));
    }
}
