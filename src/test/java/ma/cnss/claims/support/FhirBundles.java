package ma.cnss.claims.support;

/** FHIR R4 claim Bundles for tests, following the project's mapping (fhir-profiles/README.md). */
public final class FhirBundles {

    private FhirBundles() {
    }

    /** One Claim with its Patient, Coverage and Practitioner as entries; lines billed 200.00 + 210.00. */
    public static String claimEntry(String claimRef, String total, String secondNet) {
        return """
                {"fullUrl": "urn:uuid:claim-%1$s", "resource": {
                  "resourceType": "Claim", "status": "active",
                  "identifier": [{"system": "https://clinique.example.ma/claims", "value": "%1$s"}],
                  "extension": [{"url": "https://amo-claims.cnss.ma/fhir/StructureDefinition/amo-sector", "valueCode": "PRIVATE"}],
                  "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
                  "use": "claim", "created": "%4$s",
                  "patient": {"reference": "Patient/p1"},
                  "provider": {"reference": "Practitioner/dr1"},
                  "insurer": {"display": "CNSS"},
                  "priority": {"coding": [{"code": "normal"}]},
                  "payee": {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/payeetype", "code": "subscriber"}]}},
                  "diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "E11.9"}]}}],
                  "insurance": [{"sequence": 1, "focal": true, "coverage": {"reference": "Coverage/cov1"}}],
                  "item": [
                    {"sequence": 1, "category": {"coding": [{"system": "https://amo-claims.cnss.ma/fhir/CodeSystem/amo-line-type", "code": "ACT"}]},
                     "productOrService": {"coding": [{"code": "C"}]}, "servicedDate": "%4$s",
                     "quantity": {"value": 1}, "net": {"value": 200.00, "currency": "MAD"}},
                    {"sequence": 2, "category": {"coding": [{"system": "https://amo-claims.cnss.ma/fhir/CodeSystem/amo-line-type", "code": "MEDICINE"}]},
                     "productOrService": {"coding": [{"system": "https://www.gs1.org/gtin", "code": "6118010116278"}]}, "servicedDate": "%4$s",
                     "quantity": {"value": 1}, "net": {"value": %3$s, "currency": "MAD"}}],
                  "total": {"value": %2$s, "currency": "MAD"}}}
                """.formatted(claimRef, total, secondNet, TestRegistry.recentCareDate());
    }

    /** A Bundle for the next member of {@link TestRegistry}, with these Claim entries. */
    public static String bundle(String... claimEntries) {
        return bundleFor(TestRegistry.nextMember(), claimEntries);
    }

    public static String bundleFor(String insuredId, String... claimEntries) {
        return """
                {"resourceType": "Bundle", "type": "batch", "entry": [
                  {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
                    "identifier": [{"system": "https://cnss.ma/fhir/sid/immatriculation", "value": "%1$s"}],
                    "birthDate": "%2$s"}},
                  {"fullUrl": "urn:uuid:cov1", "resource": {"resourceType": "Coverage", "id": "cov1", "status": "active",
                    "subscriberId": "%1$s", "dependent": "0", "beneficiary": {"reference": "Patient/p1"},
                    "payor": [{"display": "CNSS"}],
                    "class": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/coverage-class", "code": "plan"}]}, "value": "TADAMON"}]}},
                  {"fullUrl": "urn:uuid:dr1", "resource": {"resourceType": "Practitioner", "id": "dr1",
                    "identifier": [{"system": "https://anam.ma/fhir/sid/inpe", "value": "%3$s"}]}}%4$s
                ]}
                """.formatted(insuredId, TestRegistry.BIRTH_DATE, TestRegistry.GP,
                claimEntries.length == 0 ? "" : ",\n" + String.join(",\n", claimEntries));
    }
}
