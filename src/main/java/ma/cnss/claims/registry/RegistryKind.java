package ma.cnss.claims.registry;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.shared.IsoDates;

/**
 * The four registry extracts of format contract §2: their columns, how a row is checked, and the upsert by key.
 * A row is either applied whole or reported and skipped.
 */
public enum RegistryKind {

    MEMBERS(List.of("insured_id", "beneficiary_rank", "regime", "relationship", "birth_date", "sex", "rights_from",
            "rights_to", "rib"), """
            insert into member (insured_id, beneficiary_rank, regime, relationship, birth_date, sex, rights_from,
                                rights_to, rib)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (insured_id, beneficiary_rank) do update set regime = excluded.regime,
                relationship = excluded.relationship, birth_date = excluded.birth_date, sex = excluded.sex,
                rights_from = excluded.rights_from, rights_to = excluded.rights_to, rib = excluded.rib,
                updated_at = now()""") {
        @Override
        Object[] toRow(Map<String, String> r) {
            int rank = integer(r, "beneficiary_rank", 0, 99);
            String relationship = oneOf(r, "relationship", Set.of("SELF", "SPOUSE", "CHILD"));
            if ((rank == 0) != relationship.equals("SELF")) {
                throw new RowException("relationship", "SELF si et seulement si beneficiary_rank = 0");
            }
            LocalDate from = date(r, "rights_from", true);
            LocalDate to = date(r, "rights_to", false);
            if (to != null && to.isBefore(from)) {
                throw new RowException("rights_to", "antérieure à rights_from");
            }
            String rib = optional(r, "rib");
            if (rib != null && !rib.matches("^[0-9]{24}$")) {
                throw new RowException("rib", "24 chiffres attendus");
            }
            return new Object[] {digits(r, "insured_id"), rank,
                    oneOf(r, "regime", Set.of("TADAMON", "TNS", "SALARIE", "ACHAMIL")), relationship,
                    sql(date(r, "birth_date", true)), oneOf(r, "sex", Set.of("M", "F")), sql(from), sql(to), rib};
        }
    },

    PROVIDERS(List.of("inpe", "name", "kind", "sector", "ice", "rib"), """
            insert into provider (inpe, name, kind, sector, ice, rib) values (?, ?, ?, ?, ?, ?)
            on conflict (inpe) do update set name = excluded.name, kind = excluded.kind, sector = excluded.sector,
                ice = excluded.ice, rib = excluded.rib, updated_at = now()""") {
        @Override
        Object[] toRow(Map<String, String> r) {
            String ice = optional(r, "ice");
            if (ice != null && !ice.matches("^[0-9]{15}$")) {
                throw new RowException("ice", "15 chiffres attendus");
            }
            String rib = optional(r, "rib");
            if (rib != null && !rib.matches("^[0-9]{24}$")) {
                throw new RowException("rib", "24 chiffres attendus");
            }
            return new Object[] {digits(r, "inpe"), required(r, "name"),
                    oneOf(r, "kind", Set.of("GP", "SPECIALIST", "DENTIST", "PHARMACY", "LAB", "IMAGING", "CLINIC",
                            "PUBLIC_HOSPITAL")),
                    oneOf(r, "sector", Set.of("PRIVATE", "PUBLIC")), ice, rib};
        }
    },

    ALD_RECOGNITIONS(List.of("insured_id", "beneficiary_rank", "ald_group", "icd10", "valid_from", "valid_to"), """
            insert into ald_recognition (insured_id, beneficiary_rank, ald_group, icd10, valid_from, valid_to)
            values (?, ?, ?, ?, ?, ?)
            on conflict (insured_id, beneficiary_rank, ald_group, valid_from) do update set icd10 = excluded.icd10,
                valid_to = excluded.valid_to, updated_at = now()""") {
        @Override
        Object[] toRow(Map<String, String> r) {
            LocalDate from = date(r, "valid_from", true);
            LocalDate to = validTo(r, from);
            String icd10 = required(r, "icd10");
            if (!icd10.matches("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,2})?$")) {
                throw new RowException("icd10", "code CIM-10 mal formé");
            }
            return new Object[] {digits(r, "insured_id"), integer(r, "beneficiary_rank", 0, 99),
                    integer(r, "ald_group", 1, 41), icd10, sql(from), sql(to)};
        }
    },

    PRIOR_APPROVALS(List.of("reference", "insured_id", "beneficiary_rank", "provider_inpe", "valid_from", "valid_to",
            "scope"), """
            insert into prior_approval (reference, insured_id, beneficiary_rank, provider_inpe, valid_from, valid_to,
                                        scope)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (reference) do update set insured_id = excluded.insured_id,
                beneficiary_rank = excluded.beneficiary_rank, provider_inpe = excluded.provider_inpe,
                valid_from = excluded.valid_from, valid_to = excluded.valid_to, scope = excluded.scope,
                updated_at = now()""") {
        @Override
        Object[] toRow(Map<String, String> r) {
            LocalDate from = date(r, "valid_from", true);
            LocalDate to = validTo(r, from);
            String reference = required(r, "reference");
            if (!reference.matches("^[A-Za-z0-9_/-]{1,40}$")) {
                throw new RowException("reference", "1 à 40 caractères parmi A-Z a-z 0-9 - _ /");
            }
            return new Object[] {reference, digits(r, "insured_id"), integer(r, "beneficiary_rank", 0, 99),
                    digits(r, "provider_inpe"), sql(from), sql(to), required(r, "scope")};
        }
    };

    private final List<String> columns;
    private final String upsert;

    RegistryKind(List<String> columns, String upsert) {
        this.columns = columns;
        this.upsert = upsert;
    }

    public List<String> columns() {
        return columns;
    }

    String upsert() {
        return upsert;
    }

    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of an extract from its file name: members*.csv, providers*.csv, ald_recognitions*.csv... */
    public static RegistryKind fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (RegistryKind kind : values()) {
            if (lower.startsWith(kind.fileName())) {
                return kind;
            }
        }
        return null;
    }

    /** Checks one row and returns the values of the upsert, or throws {@link RowException} naming the column. */
    abstract Object[] toRow(Map<String, String> row);

    static final class RowException extends RuntimeException {
        final String column;

        RowException(String column, String why) {
            super(why);
            this.column = column;
        }
    }

    static String required(Map<String, String> r, String column) {
        String value = r.getOrDefault(column, "").trim();
        if (value.isEmpty()) {
            throw new RowException(column, "valeur obligatoire absente");
        }
        return value;
    }

    static String optional(Map<String, String> r, String column) {
        String value = r.getOrDefault(column, "").trim();
        return value.isEmpty() ? null : value;
    }

    static String digits(Map<String, String> r, String column) {
        String value = required(r, column);
        if (!value.matches("^[0-9]{1,20}$")) {
            throw new RowException(column, "chiffres uniquement");
        }
        return value;
    }

    static int integer(Map<String, String> r, String column, int min, int max) {
        String value = required(r, column);
        if (!value.matches("^[0-9]{1,9}$") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new RowException(column, "entier attendu entre " + min + " et " + max);
        }
        return Integer.parseInt(value);
    }

    static String oneOf(Map<String, String> r, String column, Set<String> allowed) {
        String value = required(r, column);
        if (!allowed.contains(value)) {
            throw new RowException(column, "valeur parmi " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    static LocalDate date(Map<String, String> r, String column, boolean mandatory) {
        String value = mandatory ? required(r, column) : optional(r, column);
        if (value == null) {
            return null;
        }
        LocalDate date = IsoDates.parseOrNull(value);
        if (date == null) {
            throw new RowException(column, "date AAAA-MM-JJ attendue");
        }
        return date;
    }

    /** valid_to of a validity period: required, not before valid_from. */
    static LocalDate validTo(Map<String, String> r, LocalDate from) {
        LocalDate to = date(r, "valid_to", true);
        if (to.isBefore(from)) {
            throw new RowException("valid_to", "antérieure à valid_from");
        }
        return to;
    }

    static Date sql(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

}
