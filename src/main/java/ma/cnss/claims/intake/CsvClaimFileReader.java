package ma.cnss.claims.intake;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.shared.ReasonCode;

/**
 * Streams a clinic CSV claim file (contract §1a) one claim at a time: all contiguous rows with the same
 * {@code claim_ref}. Memory is bounded by the largest claim, never by the file.
 *
 * <p>Throws {@link ClaimFileRefusedException} when the file cannot be read at all: not UTF-8, broken CSV quoting,
 * missing or unknown header columns, too many rows.
 */
public final class CsvClaimFileReader implements Closeable {

    /** A claim with more rows than this is refused on its own (its extra rows are read and dropped). */
    public static final int MAX_LINES_PER_CLAIM = 999;

    private static final CsvMapper MAPPER = new CsvMapper();

    private final MappingIterator<String[]> rows;
    private final CsvColumn[] columnAt;
    private final long maxRows;
    private int fileLine = 1; // the header
    private long rowsRead;
    private ClaimRow pending;

    public CsvClaimFileReader(InputStream input, long maxRows) {
        this.maxRows = maxRows;
        Reader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        try {
            this.rows = MAPPER.readerFor(String[].class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .readValues(reader);
            this.columnAt = readHeader();
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    private CsvColumn[] readHeader() throws IOException {
        if (!rows.hasNextValue()) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_EMPTY, 1, "Fichier vide : aucune ligne d'en-tête.");
        }
        String[] header = rows.nextValue();
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1); // a UTF-8 byte order mark is tolerated
        }
        CsvColumn[] columns = new CsvColumn[header.length];
        Set<CsvColumn> seen = EnumSet.noneOf(CsvColumn.class);
        for (int i = 0; i < header.length; i++) {
            CsvColumn column = CsvColumn.fromHeader(header[i]);
            if (column == null) {
                throw new ClaimFileRefusedException(ReasonCode.FILE_BAD_HEADER, 1,
                        "En-tête invalide : colonne inconnue « " + shorten(header[i]) + " » (colonne " + (i + 1) + ").");
            }
            if (!seen.add(column)) {
                throw new ClaimFileRefusedException(ReasonCode.FILE_BAD_HEADER, 1,
                        "En-tête invalide : colonne « " + column.header() + " » présente deux fois.");
            }
            columns[i] = column;
        }
        EnumSet<CsvColumn> missing = EnumSet.allOf(CsvColumn.class);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            missing.forEach(c -> names.add(c.header()));
            throw new ClaimFileRefusedException(ReasonCode.FILE_BAD_HEADER, 1,
                    "En-tête invalide : colonne(s) manquante(s) " + String.join(", ", names) + ".");
        }
        return columns;
    }

    /** The next claim's rows, in file order, or null at the end of the file. */
    public List<ClaimRow> nextClaimRows() {
        List<ClaimRow> claim = new ArrayList<>();
        ClaimRow first = pending != null ? pending : readRow();
        pending = null;
        if (first == null) {
            return null;
        }
        claim.add(first);
        String ref = first.get(CsvColumn.CLAIM_REF);
        while (true) {
            ClaimRow row = readRow();
            if (row == null) {
                return claim;
            }
            if (!row.get(CsvColumn.CLAIM_REF).equals(ref)) {
                pending = row;
                return claim;
            }
            if (claim.size() <= MAX_LINES_PER_CLAIM) {
                claim.add(row);
            }
        }
    }

    public long rowsRead() {
        return rowsRead;
    }

    private ClaimRow readRow() {
        try {
            if (!rows.hasNextValue()) {
                return null;
            }
            String[] values = rows.nextValue();
            fileLine++;
            rowsRead++;
            if (rowsRead > maxRows) {
                throw new ClaimFileRefusedException(ReasonCode.FILE_TOO_MANY_ROWS, fileLine,
                        "Fichier trop long : plus de " + maxRows + " lignes de données.");
            }
            if (values.length != columnAt.length) {
                String ref = values.length > 0 ? claimRefGuess(values) : "";
                return ClaimRow.malformed(fileLine, ref, "la ligne a " + values.length + " champ(s) au lieu de "
                        + columnAt.length);
            }
            Map<CsvColumn, String> byColumn = new EnumMap<>(CsvColumn.class);
            for (int i = 0; i < values.length; i++) {
                byColumn.put(columnAt[i], values[i]);
            }
            return ClaimRow.csv(fileLine, byColumn);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ClaimFileRefusedException refused) {
                throw refused;
            }
            throw refusal(e);
        }
    }

    private String claimRefGuess(String[] values) {
        for (int i = 0; i < Math.min(values.length, columnAt.length); i++) {
            if (columnAt[i] == CsvColumn.CLAIM_REF) {
                return values[i].trim();
            }
        }
        return "";
    }

    private ClaimFileRefusedException refusal(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CharacterCodingException) {
                return new ClaimFileRefusedException(ReasonCode.FILE_NOT_UTF8, fileLine + 1,
                        "Le fichier n'est pas encodé en UTF-8 (octets invalides vers la ligne " + (fileLine + 1) + ").");
            }
            cause = cause.getCause();
        }
        return new ClaimFileRefusedException(ReasonCode.FILE_NOT_CSV, fileLine + 1,
                "Fichier CSV illisible vers la ligne " + (fileLine + 1) + " (guillemets non fermés ou format invalide).");
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
