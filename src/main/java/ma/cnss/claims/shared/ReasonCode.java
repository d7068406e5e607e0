package ma.cnss.claims.shared;

/**
 * Why a file, claim or line was refused. Business codes follow amo-rules §6.2; the {@code FILE_*} and
 * {@code FIELD_*} codes are the intake's own parse codes.
 */
public enum ReasonCode {
    // file-level: the file cannot be read at all
    FILE_NOT_UTF8,
    FILE_EMPTY,
    FILE_BAD_HEADER,
    FILE_NOT_CSV,
    FILE_TOO_MANY_ROWS,
    FILE_NOT_JSON,
    FILE_NOT_BUNDLE,
    FILE_LIMIT_EXCEEDED,
    // claim- or line-level parse codes
    FIELD_MISSING,
    FIELD_INVALID,
    CLAIM_FIELDS_INCONSISTENT,
    LINE_NO_INVALID,
    ROW_MALFORMED,
    RESOURCE_INVALID,
    REFERENCE_UNRESOLVED,
    // validation codes of our own, where §6.2 has none
    CODE_UNKNOWN,
    DATES_INCOHERENT,
    // business codes (amo-rules §6.2)
    BENEF_UNKNOWN,
    RIGHTS_CLOSED,
    DEPENDANT_INELIGIBLE,
    LATE_FILING,
    MISSING_DOCUMENT,
    PROVIDER_UNKNOWN,
    NOT_REIMBURSABLE,
    NO_PRIOR_APPROVAL,
    CEILING_REACHED,
    DUPLICATE,
    TOTAL_MISMATCH,
    WORK_ACCIDENT
}
