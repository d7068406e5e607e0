package ma.cnss.claims.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import ma.cnss.claims.shared.CareSetting;
import ma.cnss.claims.shared.IsoDates;
import ma.cnss.claims.shared.LineType;
import ma.cnss.claims.shared.Mad;
import ma.cnss.claims.shared.Payee;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.shared.Regime;
import ma.cnss.claims.shared.Sector;

/**
 * Turns the rows of one claim (CSV rows, or a FHIR Claim's items with its claim-level fields) into a
 * {@link ReceivedClaim}, with the same checks for both formats, checking what the file alone can tell: required fields,
 * formats, claim-level columns repeated unchanged, line numbering, and the stated total (amo-rules §6.2
 * TOTAL_MISMATCH). Registry and rule checks come later, in validation.
 */
public final class ClaimFieldsParser {

    static final Pattern CLAIM_REF = Pattern.compile("^[A-Za-z0-9_/-]{1,40}$");
    static final Pattern DIGITS = Pattern.compile("^[0-9]{1,20}$");
    static final Pattern ICD10 = Pattern.compile("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,2})?$");
    static final Pattern EAN13 = Pattern.compile("^[0-9]{13}$");
    static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_.-]{1,40}$");
    static final Pattern APPROVAL_REF = Pattern.compile("^[A-Za-z0-9_/-]{1,40}$");
    static final Pattern SMALL_INTEGER = Pattern.compile("^[0-9]{1,9}$");

    private ClaimFieldsParser() {
    }

    public static ReceivedClaim parse(List<ClaimRow> rows) {
        Checker check = new Checker();
        ClaimRow first = rows.get(0);
        String ref = first.get(CsvColumn.CLAIM_REF);
        if (rows.size() > CsvClaimFileReader.MAX_LINES_PER_CLAIM) {
            check.claimIssue(first, CsvColumn.LINE_NO, ReasonCode.ROW_MALFORMED,
                    first.locator().whole() + " : la demande a plus de " + CsvClaimFileReader.MAX_LINES_PER_CLAIM
                            + " lignes.");
        }
        for (ClaimRow row : rows) {
            if (row.malformed() != null) {
                check.claimIssue(row, null, ReasonCode.ROW_MALFORMED,
                        row.locator().whole() + " mal formée : " + row.malformed() + ".");
            }
        }
        if (check.hasIssues()) {
            return new ReceivedClaim(ref, first.fileLine(), null, null, null, null, null, null, null, null, null,
                    null, List.of(), null, null, List.of(), check.issues);
        }
        if (ref.isEmpty()) {
            check.claimIssue(first, CsvColumn.CLAIM_REF, ReasonCode.FIELD_MISSING, null);
        } else if (!CLAIM_REF.matcher(ref).matches()) {
            check.claimIssue(first, CsvColumn.CLAIM_REF, ReasonCode.FIELD_INVALID,
                    "1 à 40 caractères parmi A-Z a-z 0-9 - _ /");
        }
        // claim-level columns must be repeated unchanged on every row of the claim
        for (CsvColumn column : CsvColumn.values()) {
            if (!column.claimLevel()) {
                continue;
            }
            String expected = first.get(column);
            for (ClaimRow row : rows.subList(1, rows.size())) {
                if (!row.get(column).equals(expected)) {
                    check.claimIssue(row, column, ReasonCode.CLAIM_FIELDS_INCONSISTENT,
                            row.where(column) + " : valeur différente de la première ligne de la demande ("
                                    + first.locator().whole() + ").");
                    break;
                }
            }
        }
        String regime = check.enumValue(first, CsvColumn.REGIME, Regime.class);
        String insuredId = check.matching(first, CsvColumn.INSURED_ID, DIGITS, "chiffres uniquement");
        Integer rank = check.integer(first, CsvColumn.BENEFICIARY_RANK, 0, 99);
        LocalDate birthDate = check.date(first, CsvColumn.PATIENT_BIRTH_DATE, true);
        String providerInpe = check.matching(first, CsvColumn.PROVIDER_INPE, DIGITS, "chiffres uniquement");
        String sector = check.enumValue(first, CsvColumn.SECTOR, Sector.class);
        String careSetting = check.enumValue(first, CsvColumn.CARE_SETTING, CareSetting.class);
        boolean hospital = CareSetting.HOSPITAL.name().equals(careSetting);
        LocalDate admission = check.date(first, CsvColumn.ADMISSION_DATE, hospital);
        LocalDate discharge = check.date(first, CsvColumn.DISCHARGE_DATE, hospital);
        String approval = first.get(CsvColumn.PRIOR_APPROVAL_REF);
        if (approval.isEmpty()) {
            approval = null;
        } else if (!APPROVAL_REF.matcher(approval).matches()) {
            check.claimIssue(first, CsvColumn.PRIOR_APPROVAL_REF, ReasonCode.FIELD_INVALID,
                    "1 à 40 caractères parmi A-Z a-z 0-9 - _ /");
            approval = null;
        }
        List<String> diagnoses = check.diagnoses(first);
        String payee = check.enumValue(first, CsvColumn.PAYEE, Payee.class);
        BigDecimal statedTotal = check.amount(first, CsvColumn.CLAIM_TOTAL_MAD);

        List<ReceivedClaim.ReceivedLine> lines = new ArrayList<>(rows.size());
        Set<Integer> lineNumbers = new HashSet<>();
        for (ClaimRow row : rows) {
            Integer lineNo = check.integer(row, CsvColumn.LINE_NO, 1, CsvClaimFileReader.MAX_LINES_PER_CLAIM);
            if (lineNo != null && !lineNumbers.add(lineNo)) {
                check.claimIssue(row, CsvColumn.LINE_NO, ReasonCode.LINE_NO_INVALID,
                        row.where(CsvColumn.LINE_NO) + " : numéro de ligne " + lineNo + " répété dans la demande.");
            }
            String lineType = check.enumValue(row, CsvColumn.LINE_TYPE, LineType.class);
            String code = check.code(row, lineType);
            Integer quantity = check.integer(row, CsvColumn.QUANTITY, 1, 100_000);
            LocalDate serviceDate = check.date(row, CsvColumn.SERVICE_DATE, true);
            BigDecimal billed = check.amount(row, CsvColumn.BILLED_MAD);
            lines.add(new ReceivedClaim.ReceivedLine(lineNo == null ? lines.size() + 1 : lineNo, row.fileLine(),
                    lineType, code, quantity, serviceDate, billed));
        }
        if (lineNumbers.size() == rows.size()
                && lineNumbers.stream().mapToInt(Integer::intValue).max().orElse(0) != rows.size()) {
            check.claimIssue(first, CsvColumn.LINE_NO, ReasonCode.LINE_NO_INVALID,
                    first.where(CsvColumn.LINE_NO) + " : les numéros de ligne doivent aller de 1 à " + rows.size()
                            + " sans trou.");
        }
        if (statedTotal != null && lines.stream().allMatch(l -> l.billed() != null)) {
            BigDecimal sum = lines.stream().map(ReceivedClaim.ReceivedLine::billed)
                    .reduce(Mad.ZERO, BigDecimal::add);
            if (sum.compareTo(statedTotal) != 0) {
                check.claimIssue(first, CsvColumn.CLAIM_TOTAL_MAD, ReasonCode.TOTAL_MISMATCH,
                        first.where(CsvColumn.CLAIM_TOTAL_MAD) + " : total déclaré "
                                + Mad.format(statedTotal) + " MAD, somme des lignes " + Mad.format(sum) + " MAD.");
            }
        }
        return new ReceivedClaim(ref, first.fileLine(), regime, insuredId, rank, birthDate, providerInpe, sector,
                careSetting, admission, discharge, approval, diagnoses, payee, statedTotal, lines, check.issues);
    }

    /** Collects issues with messages that name the line and the column. */
    private static final class Checker {
        final List<Issue> issues = new ArrayList<>();

        boolean hasIssues() {
            return !issues.isEmpty();
        }

        void claimIssue(ClaimRow row, CsvColumn column, ReasonCode reason, String detail) {
            String location = column == null ? null : row.location(column);
            String message;
            if (reason == ReasonCode.FIELD_MISSING) {
                message = row.where(column) + " : valeur obligatoire absente.";
            } else if (reason == ReasonCode.FIELD_INVALID) {
                message = row.where(column) + " : valeur invalide (" + detail + ").";
            } else {
                message = detail;
            }
            issues.add(new Issue(null, row.fileLine(), location, reason, message));
        }

        private String required(ClaimRow row, CsvColumn column) {
            String value = row.get(column);
            if (value.isEmpty()) {
                claimIssue(row, column, ReasonCode.FIELD_MISSING, null);
                return null;
            }
            return value;
        }

        <E extends Enum<E>> String enumValue(ClaimRow row, CsvColumn column, Class<E> type) {
            String value = required(row, column);
            if (value == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return value;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name());
            }
            claimIssue(row, column, ReasonCode.FIELD_INVALID,
                    "« " + shorten(value) + " » n'est pas parmi " + String.join(", ", allowed));
            return null;
        }

        String matching(ClaimRow row, CsvColumn column, Pattern pattern, String rule) {
            String value = required(row, column);
            if (value != null && !pattern.matcher(value).matches()) {
                claimIssue(row, column, ReasonCode.FIELD_INVALID, rule);
                return null;
            }
            return value;
        }

        Integer integer(ClaimRow row, CsvColumn column, int min, int max) {
            String value = required(row, column);
            if (value == null) {
                return null;
            }
            if (!SMALL_INTEGER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
                claimIssue(row, column, ReasonCode.FIELD_INVALID,
                        "entier attendu entre " + min + " et " + max);
                return null;
            }
            return Integer.parseInt(value);
        }

        LocalDate date(ClaimRow row, CsvColumn column, boolean mandatory) {
            String value = row.get(column);
            if (value.isEmpty()) {
                if (mandatory) {
                    claimIssue(row, column, ReasonCode.FIELD_MISSING, null);
                }
                return null;
            }
            LocalDate date = IsoDates.parseOrNull(value);
            if (date == null) {
                claimIssue(row, column, ReasonCode.FIELD_INVALID, "date AAAA-MM-JJ attendue");
            }
            return date;
        }

        BigDecimal amount(ClaimRow row, CsvColumn column) {
            String value = required(row, column);
            if (value == null) {
                return null;
            }
            BigDecimal amount = Mad.parseOrNull(value);
            if (amount == null) {
                claimIssue(row, column, ReasonCode.FIELD_INVALID,
                        "montant positif attendu, séparateur « . », au plus 2 décimales");
            }
            return amount;
        }

        List<String> diagnoses(ClaimRow row) {
            String value = required(row, CsvColumn.DIAGNOSIS_ICD10);
            if (value == null) {
                return List.of();
            }
            List<String> codes = new ArrayList<>();
            for (String code : value.split(";", -1)) {
                String trimmed = code.trim();
                if (!ICD10.matcher(trimmed).matches()) {
                    claimIssue(row, CsvColumn.DIAGNOSIS_ICD10, ReasonCode.FIELD_INVALID,
                            "code CIM-10 « " + shorten(trimmed) + " » mal formé (ex. E11.9)");
                    return List.of();
                }
                codes.add(trimmed);
            }
            return codes;
        }

        String code(ClaimRow row, String lineType) {
            String value = required(row, CsvColumn.CODE);
            if (value == null) {
                return null;
            }
            boolean medicine = LineType.MEDICINE.name().equals(lineType);
            Pattern pattern = medicine ? EAN13 : CODE;
            if (!pattern.matcher(value).matches()) {
                claimIssue(row, CsvColumn.CODE, ReasonCode.FIELD_INVALID,
                        medicine ? "code EAN-13 à 13 chiffres attendu" : "code d'acte invalide");
                return null;
            }
            return value;
        }

        private static String shorten(String text) {
            return text.length() > 30 ? text.substring(0, 30) + "…" : text;
        }
    }
}
