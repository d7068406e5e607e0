package ma.cnss.claims.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.support.ClaimCsv;
import org.junit.jupiter.api.Test;

class ClaimFieldsParserTest {

    private static final String LINE1 = "A-1,TADAMON,100000007,0,1980-05-17,300000000,PRIVATE,AMBULATORY,,,,E11.9,"
            + "INSURED,410.00,1,ACT,C,1,2026-11-02,200.00";
    private static final String LINE2 = "A-1,TADAMON,100000007,0,1980-05-17,300000000,PRIVATE,AMBULATORY,,,,E11.9,"
            + "INSURED,410.00,2,MEDICINE,6118000041436,1,2026-11-02,210.00";

    private static ReceivedClaim parse(String... rows) throws Exception {
        ClaimCsv csv = ClaimCsv.file();
        for (String row : rows) {
            csv.row(row);
        }
        try (CsvClaimFileReader reader = new CsvClaimFileReader(new ByteArrayInputStream(csv.bytes()), 1000)) {
            return ClaimFieldsParser.parse(reader.nextClaimRows());
        }
    }

    @Test
    void aWellFormedClaimIsReadWithExactAmountsAndDates() throws Exception {
        ReceivedClaim claim = parse(LINE1, LINE2);

        assertThat(claim.refused()).isFalse();
        assertThat(claim.statedTotal()).isEqualByComparingTo("410.00");
        assertThat(claim.lines()).hasSize(2);
        assertThat(claim.lines().get(1).billed()).isEqualTo(new BigDecimal("210.00"));
        assertThat(claim.firstServiceDate()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(claim.diagnoses()).containsExactly("E11.9");
    }

    @Test
    void statedTotalMustEqualTheSumOfTheLines() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace("410.00", "420.00"), LINE2.replace("410.00", "420.00"));

        assertThat(claim.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.reason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
            assertThat(issue.location()).isEqualTo("claim_total_mad");
            assertThat(issue.messageFr()).contains("420.00").contains("410.00").contains("Ligne 2");
        });
    }

    @Test
    void aMissingRequiredFieldNamesTheLineAndColumn() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace(",INSURED,", ",,"), LINE2.replace(",INSURED,", ",,"));

        assertThat(claim.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.reason()).isEqualTo(ReasonCode.FIELD_MISSING);
            assertThat(issue.messageFr()).isEqualTo("Ligne 2, colonne payee : valeur obligatoire absente.");
        });
    }

    @Test
    void claimLevelColumnsMustBeRepeatedUnchanged() throws Exception {
        ReceivedClaim claim = parse(LINE1, LINE2.replace("1980-05-17", "1980-05-18"));

        assertThat(claim.issues()).extracting(Issue::reason).contains(ReasonCode.CLAIM_FIELDS_INCONSISTENT);
        assertThat(claim.issues().get(0).location()).isEqualTo("patient_birth_date");
    }

    @Test
    void amountsWithACommaOrThreeDecimalsAreInvalid() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace(",200.00", ",200,5"));
        assertThat(claim.refused()).isTrue();
        ReceivedClaim three = parse(LINE1.replace("410.00", "200.005").replace(",200.00", ",200.005"));
        assertThat(three.issues()).extracting(Issue::reason).contains(ReasonCode.FIELD_INVALID);
    }

    @Test
    void datesMustBeIsoAndReal() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace("2026-11-02", "2026-02-30"));

        assertThat(claim.issues()).extracting(Issue::location).contains("service_date");
    }

    @Test
    void hospitalClaimsNeedAdmissionAndDischargeDates() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace("AMBULATORY", "HOSPITAL").replace("410.00", "200.00"));

        assertThat(claim.issues()).extracting(Issue::location).containsExactlyInAnyOrder("admission_date",
                "discharge_date");
    }

    @Test
    void medicineCodesMustBeThirteenDigits() throws Exception {
        ReceivedClaim claim = parse(LINE1, LINE2.replace("6118000041436", "61180000414"));

        assertThat(claim.issues()).extracting(Issue::location).containsExactly("code");
    }

    @Test
    void lineNumbersMustBeUniqueAndWithoutGaps() throws Exception {
        ReceivedClaim repeated = parse(LINE1, LINE2.replace(",2,MEDICINE", ",1,MEDICINE"));
        ReceivedClaim gap = parse(LINE1, LINE2.replace(",2,MEDICINE", ",3,MEDICINE"));

        assertThat(repeated.issues()).extracting(Issue::reason).contains(ReasonCode.LINE_NO_INVALID);
        assertThat(gap.issues()).extracting(Issue::reason).contains(ReasonCode.LINE_NO_INVALID);
    }

    @Test
    void unknownRegimeIsRefusedWithTheAllowedValues() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace("TADAMON", "RAMED").replace("410.00", "200.00"));

        assertThat(claim.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.reason()).isEqualTo(ReasonCode.FIELD_INVALID);
            assertThat(issue.messageFr()).contains("RAMED").contains("TADAMON, TNS");
        });
    }

    @Test
    void severalDiagnosesAreSemicolonSeparated() throws Exception {
        ReceivedClaim claim = parse(LINE1.replace("E11.9", "E11.9;I10").replace("410.00", "200.00"));

        assertThat(claim.diagnoses()).isEqualTo(List.of("E11.9", "I10"));
    }
}
