package ma.cnss.claims.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/** The reference data the generator draws from, read from the files shipped in the jar (reference/). */
final class ReferenceCatalog {

    record Medicine(String ean13, BigDecimal ppv, BigDecimal prixBr, boolean reimbursable) {
    }

    record AldGroup(int number, List<String> icd10Codes) {
    }

    final List<Medicine> reimbursableMedicines = new ArrayList<>();
    final List<Medicine> excludedMedicines = new ArrayList<>();
    final List<Medicine> costlyMedicines = new ArrayList<>();
    final List<String> ordinaryIcd10 = new ArrayList<>();
    final List<AldGroup> aldGroups = new ArrayList<>();

    static ReferenceCatalog load() {
        ReferenceCatalog catalog = new ReferenceCatalog();
        catalog.readMedicines();
        List<String[]> ranges = catalog.readAldRanges();
        catalog.readIcd10(ranges);
        return catalog;
    }

    private void readMedicines() {
        try (MappingIterator<String[]> rows = new CsvMapper().readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(resource("reference/medicaments-cnops.csv"))) {
            rows.nextValue(); // header
            while (rows.hasNextValue()) {
                String[] r = rows.nextValue();
                BigDecimal ppv = ma.cnss.claims.reference.ReferenceData.messyNumber(r[7]);
                BigDecimal prixBr = ma.cnss.claims.reference.ReferenceData.messyNumber(r[9]);
                if (ppv == null || prixBr == null || !ma.cnss.claims.shared.Ean13.valid(r[0])) {
                    continue;
                }
                boolean reimbursable = r[11].trim().startsWith("70");
                Medicine medicine = new Medicine(r[0], ppv, prixBr, reimbursable);
                if (!reimbursable) {
                    excludedMedicines.add(medicine);
                } else if (prixBr.compareTo(new BigDecimal("2000")) > 0) {
                    costlyMedicines.add(medicine);
                } else if (ppv.compareTo(new BigDecimal("400")) <= 0) {
                    reimbursableMedicines.add(medicine);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String[]> readAldRanges() {
        List<String[]> ranges = new ArrayList<>();
        try (MappingIterator<String[]> rows = new CsvMapper().readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(resource("reference/ald-groups.csv"))) {
            rows.nextValue();
            while (rows.hasNextValue()) {
                String[] r = rows.nextValue();
                if (r.length > 4 && !r[4].isBlank()) {
                    ranges.add(new String[] {r[0], r[4]});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranges;
    }

    private void readIcd10(List<String[]> aldRanges) {
        List<List<String>> perGroup = new ArrayList<>();
        aldRanges.forEach(r -> perGroup.add(new ArrayList<>()));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource("reference/icd10-who-codes.txt"),
                StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(";", -1);
                if (f.length < 7 || !f[1].equals("T")) {
                    continue; // terminal codes only
                }
                String code = f[6];
                if (!code.matches("^[A-Z][0-9]{2}(\\.[0-9])?$")) {
                    continue;
                }
                boolean inAld = false;
                for (int g = 0; g < aldRanges.size(); g++) {
                    if (ma.cnss.claims.shared.AldRanges.covers(aldRanges.get(g)[1], code)) {
                        perGroup.get(g).add(code);
                        inAld = true;
                    }
                }
                if (!inAld && code.charAt(0) >= 'A' && code.charAt(0) <= 'N') {
                    ordinaryIcd10.add(code);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int g = 0; g < aldRanges.size(); g++) {
            if (!perGroup.get(g).isEmpty()) {
                aldGroups.add(new AldGroup(Integer.parseInt(aldRanges.get(g)[0]), perGroup.get(g)));
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream input = ReferenceCatalog.class.getClassLoader().getResourceAsStream(name);
        if (input == null) {
            throw new IllegalStateException("Missing reference resource " + name);
        }
        return input;
    }
}
