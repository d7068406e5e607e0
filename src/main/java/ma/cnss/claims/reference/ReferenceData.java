package ma.cnss.claims.reference;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ma.cnss.claims.shared.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dated reference data: ICD-10 codes, reimbursable medicines (PPV, PRIX_BR, rate), ALD groups and tariffs. The
 * files shipped in the jar (reference/) are loaded into PostgreSQL at start-up when they changed; the tables are
 * the source of truth and this class keeps a read-only copy in memory for the rules, evaluated at the care date.
 */
@Component
@DependsOn("flywayInitializer")
public class ReferenceData implements InitializingBean, ReferenceCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceData.class);
    /** The edition of the shipped ICD-10 and medicines lists is unknown: they apply from this date. */
    private static final LocalDate SHIPPED_EDITION_FROM = LocalDate.of(2000, 1, 1);

    public record Medicine(String ean13, LocalDate validFrom, LocalDate validTo, BigDecimal ppv, BigDecimal prixBr,
            boolean generic, BigDecimal reimbursementPct) {
    }

    public record Tariff(String code, String sector, LocalDate validFrom, LocalDate validTo, BigDecimal valueMad,
            String status) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private volatile Set<String> icd10 = Set.of();
    private volatile Map<String, List<Medicine>> medicines = Map.of();
    private volatile Map<String, List<Tariff>> tariffs = Map.of();
    private volatile Map<Integer, String> aldRanges = Map.of();

    public ReferenceData(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void afterPropertiesSet() {
        loadIfChanged("reference/icd10-who-codes.txt", "ref_icd10", this::loadIcd10);
        loadIfChanged("reference/medicaments-cnops.csv", "ref_medicine", this::loadMedicines);
        loadIfChanged("reference/ald-groups.csv", "ref_ald_group", this::loadAldGroups);
        loadIfChanged("reference/tariffs.csv", "ref_tariff", this::loadTariffs);
        loadIfChanged("reference/rates.csv", "ref_rate", this::loadRates);
        refresh();
    }

    /** Reads the tables into memory (after a load, or when another instance loaded newer files). */
    public void refresh() {
        icd10 = new HashSet<>(jdbc.queryForList("select code from ref_icd10", String.class));
        Map<String, List<Medicine>> byEan = new HashMap<>();
        jdbc.query("select ean13, valid_from, valid_to, ppv, prix_br, generic, reimbursement_pct from ref_medicine",
                rs -> {
                    byEan.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Medicine(rs.getString(1),
                            rs.getDate(2).toLocalDate(), rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(),
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBoolean(6), rs.getBigDecimal(7)));
                });
        medicines = byEan;
        Map<String, List<Tariff>> byCode = new HashMap<>();
        jdbc.query("select code, sector, valid_from, valid_to, value_mad, status from ref_tariff", rs -> {
            byCode.computeIfAbsent(rs.getString(1) + "|" + rs.getString(2), k -> new ArrayList<>()).add(new Tariff(
                    rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                    rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6)));
        });
        tariffs = byCode;
        Map<Integer, String> ranges = new HashMap<>();
        jdbc.query("select ald_group, icd10_ranges from ref_ald_group", rs -> {
            ranges.put(rs.getInt(1), rs.getString(2));
        });
        aldRanges = ranges;
        LOG.info("Reference data: {} ICD-10 codes, {} medicines, {} tariff keys, {} ALD groups", icd10.size(),
                medicines.size(), tariffs.size(), aldRanges.size());
    }

    public boolean icd10Known(String code) {
        return icd10.contains(code);
    }

    /** The medicine as listed at the date of care. */
    public Optional<Medicine> medicine(String ean13, LocalDate date) {
        // a loop, not a stream: validation, flagging and pricing each ask for every medicine line
        for (Medicine medicine : medicines.getOrDefault(ean13, List.of())) {
            if (covers(medicine.validFrom(), medicine.validTo(), date)) {
                return Optional.of(medicine);
            }
        }
        return Optional.empty();
    }

    /** The tariff of a letter key or TNR item in a sector at the date of care. */
    public Optional<Tariff> tariff(String code, String sector, LocalDate date) {
        for (Tariff tariff : tariffs.getOrDefault(code + "|" + sector, List.of())) {
            if (covers(tariff.validFrom(), tariff.validTo(), date)) {
                return Optional.of(tariff);
            }
        }
        return Optional.empty();
    }

    public Map<Integer, String> aldRanges() {
        return aldRanges;
    }

    private static boolean covers(LocalDate from, LocalDate to, LocalDate date) {
        return !date.isBefore(from) && (to == null || !date.isAfter(to));
    }

    // ------------------------------------------------------------------ loading

    private interface Loader {
        int load(InputStream input) throws IOException;
    }

    private void loadIfChanged(String resource, String table, Loader loader) {
        String checksum;
        try (InputStream input = open(resource)) {
            checksum = Checksums.sha256(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> known = jdbc.queryForList("select checksum_sha256 from reference_load where name = ?",
                String.class, resource);
        if (!known.isEmpty() && known.get(0).equals(checksum)) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            // serialises concurrent start-ups of several instances
            jdbc.execute("lock table reference_load in exclusive mode");
            List<String> again = jdbc.queryForList("select checksum_sha256 from reference_load where name = ?",
                    String.class, resource);
            if (!again.isEmpty() && again.get(0).equals(checksum)) {
                return;
            }
            jdbc.update("delete from " + table);
            int rows;
            try (InputStream input = open(resource)) {
                rows = loader.load(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jdbc.update("""
                    insert into reference_load (name, checksum_sha256, rows_loaded) values (?, ?, ?)
                    on conflict (name) do update set checksum_sha256 = excluded.checksum_sha256,
                        rows_loaded = excluded.rows_loaded, loaded_at = now()""", resource, checksum, rows);
            LOG.info("Reference {} loaded into {}: {} rows", resource, table, rows);
        });
    }

    private int loadIcd10(InputStream input) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        reader.readLine();
        String line;
        while ((line = reader.readLine()) != null) {
            String[] f = line.split(";", -1);
            if (f.length > 8 && f[6].matches("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,2})?$")) {
                rows.add(new Object[] {f[6], f[8], Date.valueOf(SHIPPED_EDITION_FROM)});
            }
        }
        jdbc.batchUpdate("insert into ref_icd10 (code, title, valid_from) values (?, ?, ?) on conflict do nothing",
                rows);
        return rows.size();
    }

    private int loadMedicines(InputStream input) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] r : dataRows(input)) {
            if (r.length < 12 || !r[0].matches("^[0-9]{13}$")) {
                continue;
            }
            BigDecimal rate = new BigDecimal(r[11].replace("%", "").trim());
            rows.add(new Object[] {r[0], Date.valueOf(SHIPPED_EDITION_FROM), r[1], messyNumber(r[7]),
                    messyNumber(r[9]), "G".equals(r[10].trim()), rate});
        }
        jdbc.batchUpdate("""
                insert into ref_medicine (ean13, valid_from, name, ppv, prix_br, generic, reimbursement_pct)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", rows);
        return rows.size();
    }

    private int loadAldGroups(InputStream input) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] r : dataRows(input)) {
            rows.add(new Object[] {Integer.parseInt(r[0]), r[1], r.length > 4 ? r[4] : "",
                    r.length > 5 && !r[5].isBlank() ? r[5] : r[3]});
        }
        jdbc.batchUpdate("insert into ref_ald_group (ald_group, label_fr, icd10_ranges, confidence) values (?, ?, ?, ?)",
                rows);
        return rows.size();
    }

    private int loadTariffs(InputStream input) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] r : dataRows(input)) {
            rows.add(new Object[] {r[0], r[1], Date.valueOf(r[2]), r[3].isBlank() ? null : Date.valueOf(r[3]),
                    new BigDecimal(r[4]), r[5], r[6], r[7]});
        }
        jdbc.batchUpdate("""
                insert into ref_tariff (code, sector, valid_from, valid_to, value_mad, unit, status, source)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        return rows.size();
    }

    private int loadRates(InputStream input) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] r : dataRows(input)) {
            rows.add(new Object[] {r[0], r[1], r[2], r[3], Boolean.parseBoolean(r[4]), Boolean.parseBoolean(r[5]),
                    Date.valueOf(r[6]), r[7].isBlank() ? null : Date.valueOf(r[7]), new BigDecimal(r[8]), r[9],
                    r[10]});
        }
        jdbc.batchUpdate("""
                insert into ref_rate (rate_set, regime, sector, line_type, ald_linked, generic, valid_from, valid_to,
                                      rate_pct, confidence, source)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        return rows.size();
    }

    /** The data rows of a CSV reference file (its header skipped); reference files are small. */
    private static List<String[]> dataRows(InputStream input) throws IOException {
        try (MappingIterator<String[]> csv = new CsvMapper().readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(input)) {
            List<String[]> rows = csv.readAll();
            return rows.isEmpty() ? rows : rows.subList(1, rows.size());
        }
    }

    /** The CNOPS list writes numbers as {@code " 2,882.00    "} and missing ones as {@code -}. */
    public static BigDecimal messyNumber(String text) {
        String cleaned = text.replace(",", "").trim();
        if (cleaned.isEmpty() || cleaned.equals("-")) {
            return null;
        }
        try {
            return new BigDecimal(cleaned).setScale(2, java.math.RoundingMode.UNNECESSARY);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static InputStream open(String resource) {
        InputStream input = ReferenceData.class.getClassLoader().getResourceAsStream(resource);
        if (input == null) {
            throw new IllegalStateException("Missing reference resource " + resource);
        }
        return input;
    }
}
