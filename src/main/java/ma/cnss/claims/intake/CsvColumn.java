package ma.cnss.claims.intake;

import java.util.Locale;

/** The columns of the clinic CSV claim file (format contract v1, §1a). */
public enum CsvColumn {
    CLAIM_REF(true, true),
    REGIME(true, true),
    INSURED_ID(true, true),
    BENEFICIARY_RANK(true, true),
    PATIENT_BIRTH_DATE(true, true),
    PROVIDER_INPE(true, true),
    SECTOR(true, true),
    CARE_SETTING(true, true),
    ADMISSION_DATE(true, false),
    DISCHARGE_DATE(true, false),
    PRIOR_APPROVAL_REF(true, false),
    DIAGNOSIS_ICD10(true, true),
    PAYEE(true, true),
    CLAIM_TOTAL_MAD(true, true),
    LINE_NO(false, true),
    LINE_TYPE(false, true),
    CODE(false, true),
    QUANTITY(false, true),
    SERVICE_DATE(false, true),
    BILLED_MAD(false, true);

    private final boolean claimLevel;
    private final boolean alwaysRequired;

    CsvColumn(boolean claimLevel, boolean alwaysRequired) {
        this.claimLevel = claimLevel;
        this.alwaysRequired = alwaysRequired;
    }

    /** The header name as written in files. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean claimLevel() {
        return claimLevel;
    }

    public boolean alwaysRequired() {
        return alwaysRequired;
    }

    static CsvColumn fromHeader(String header) {
        String normalised = header.trim().toUpperCase(Locale.ROOT);
        for (CsvColumn column : values()) {
            if (column.name().equals(normalised)) {
                return column;
            }
        }
        return null;
    }
}
