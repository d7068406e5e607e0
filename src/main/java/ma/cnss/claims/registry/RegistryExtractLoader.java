package ma.cnss.claims.registry;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a registry extract file (format contract §2) in one transaction: rows are upserted by key; a bad row is
 * reported with its line and column and skipped, never half-applied. The same extract (same checksum) is applied
 * once.
 */
@Service
public class RegistryExtractLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryExtractLoader.class);
    private static final int BATCH = 1000;

    public record ExtractResult(long extractId, RegistryKind kind, int applied, int rejected, boolean alreadyApplied,
            List<String> issues) {
    }

    /** The file cannot be read as an extract at all (unknown kind, bad header, not UTF-8 CSV). */
    public static class ExtractRefusedException extends RuntimeException {
        public ExtractRefusedException(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public RegistryExtractLoader(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public ExtractResult load(Path file, String originalName) {
        RegistryKind kind = RegistryKind.fromFileName(originalName);
        if (kind == null) {
            throw new ExtractRefusedException("Extrait « " + originalName + " » : le nom doit commencer par "
                    + "members, providers, ald_recognitions ou prior_approvals.");
        }
        String checksum = ma.cnss.claims.shared.Checksums.sha256(file);
        List<Long> known = jdbc.queryForList("select id from registry_extract where kind = ? and checksum_sha256 = ?",
                Long.class, kind.fileName(), checksum);
        if (!known.isEmpty()) {
            return new ExtractResult(known.get(0), kind, 0, 0, true, List.of());
        }
        ExtractResult result = transaction.execute(status -> apply(file, originalName, kind, checksum));
        LOG.info("Registry extract {} ({}): {} rows applied, {} rejected", result.extractId(), kind,
                result.applied(), result.rejected());
        return result;
    }

    private ExtractResult apply(Path file, String originalName, RegistryKind kind, String checksum) {
        List<String> issues = new ArrayList<>();
        List<Object[]> issueRows = new ArrayList<>();
        int applied = 0;
        int rejected = 0;
        try (InputStream input = Files.newInputStream(file);
                MappingIterator<String[]> rows = new CsvMapper().readerFor(String[].class)
                        .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES)
                        .readValues(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)))) {
            if (!rows.hasNextValue()) {
                throw new ExtractRefusedException("Extrait « " + originalName + " » vide.");
            }
            String[] header = rows.nextValue();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            List<String> names = new ArrayList<>();
            for (String h : header) {
                names.add(h.trim().toLowerCase(Locale.ROOT));
            }
            if (!(names.size() == kind.columns().size() && names.containsAll(kind.columns()))) {
                throw new ExtractRefusedException("Extrait « " + originalName + " » : en-tête attendu "
                        + String.join(",", kind.columns()) + " (ordre libre).");
            }
            List<Object[]> batch = new ArrayList<>(BATCH);
            int line = 1;
            while (rows.hasNextValue()) {
                String[] values = rows.nextValue();
                line++;
                try {
                    if (values.length != names.size()) {
                        throw new RegistryKind.RowException(null, values.length + " champ(s) au lieu de "
                                + names.size());
                    }
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < values.length; i++) {
                        row.put(names.get(i), values[i]);
                    }
                    batch.add(kind.toRow(row));
                    applied++;
                } catch (RegistryKind.RowException e) {
                    rejected++;
                    String message = "Ligne " + line + (e.column == null ? "" : ", colonne " + e.column) + " : "
                            + e.getMessage() + ".";
                    if (issues.size() < 1000) {
                        issues.add(message);
                    }
                    issueRows.add(new Object[] {line, e.column, message});
                }
                if (batch.size() >= BATCH) {
                    jdbc.batchUpdate(kind.upsert(), batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                jdbc.batchUpdate(kind.upsert(), batch);
            }
        } catch (IOException e) {
            throw new ExtractRefusedException("Extrait « " + originalName + " » illisible (UTF-8 CSV attendu) : "
                    + e.getClass().getSimpleName());
        }
        Long id = jdbc.queryForObject("""
                insert into registry_extract (kind, file_name, checksum_sha256, rows_applied, rows_rejected)
                values (?, ?, ?, ?, ?) returning id""", Long.class, kind.fileName(), originalName, checksum, applied,
                rejected);
        List<Object[]> withId = new ArrayList<>();
        issueRows.forEach(r -> withId.add(new Object[] {id, r[0], r[1], r[2]}));
        jdbc.batchUpdate("insert into registry_extract_issue (extract_id, source_row, location, message_fr) "
                + "values (?, ?, ?, ?)", withId);
        return new ExtractResult(id, kind, applied, rejected, false, issues);
    }
}
