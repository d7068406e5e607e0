package ma.cnss.claims.intake;

/** The French label of a reason code, as published in fhir-profiles/CodeSystem-amo-rejection-reason.json. */
@FunctionalInterface
public interface ReasonLabels {

    String label(String reasonCode);
}
