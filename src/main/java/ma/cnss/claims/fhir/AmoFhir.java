package ma.cnss.claims.fhir;

/** The identifier systems, extension and code system URLs of the project's FHIR mapping (fhir-profiles/README.md). */
public final class AmoFhir {

    public static final String SECTOR_EXTENSION = AmoTerminology.CANONICAL_BASE + "/StructureDefinition/amo-sector";
    public static final String LINE_TYPE_SYSTEM = AmoTerminology.CANONICAL_BASE + "/CodeSystem/amo-line-type";
    public static final String INPE_SYSTEM = "https://anam.ma/fhir/sid/inpe";
    public static final String IMMATRICULATION_SYSTEM = "https://cnss.ma/fhir/sid/immatriculation";
    public static final String ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10";

    private AmoFhir() {
    }
}
