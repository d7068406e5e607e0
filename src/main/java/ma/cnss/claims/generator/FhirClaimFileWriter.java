package ma.cnss.claims.generator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import ma.cnss.claims.fhir.AmoFhir;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes generated claims as a FHIR R4 Bundle (type batch) following the project's mapping
 * (fhir-profiles/README.md): each Claim carries its Patient, Coverage and Practitioner/Organization as contained
 * resources. Rows are those of the CSV format, so both formats carry the same claims.
 */
final class FhirClaimFileWriter {

    private static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
    private static final String PAYEE_TYPE = "http://terminology.hl7.org/CodeSystem/payeetype";
    private static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";

    private final IParser parser = FhirContext.forR4Cached().newJsonParser();

    void write(List<List<String[]>> claims, Writer out) throws IOException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        for (List<String[]> rows : claims) {
            Claim claim = claim(rows);
            bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes(rows.get(0)[0].getBytes()))
                    .setResource(claim).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Claim");
        }
        out.write(parser.encodeResourceToString(bundle));
        out.write('\n');
    }

    /** Columns as in SyntheticDataGenerator.CLAIM_HEADER. */
    private static Claim claim(List<String[]> rows) {
        String[] r = rows.get(0);
        Claim claim = new Claim();
        claim.addIdentifier(new Identifier().setSystem("urn:amo-claims:claim-ref").setValue(r[0]));
        claim.setStatus(Claim.ClaimStatus.ACTIVE);
        claim.setUse(Claim.Use.CLAIM);
        claim.setCreated(java.sql.Date.valueOf(r[18]));
        claim.addExtension(AmoFhir.SECTOR_EXTENSION, new CodeType(r[6]));
        boolean hospital = r[7].equals("HOSPITAL");
        claim.setType(new CodeableConcept(new Coding(CLAIM_TYPE, hospital ? "institutional" : "professional", null)));
        if (!r[8].isEmpty() || !r[9].isEmpty()) {
            Period stay = new Period();
            if (!r[8].isEmpty()) {
                stay.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(r[8]));
            }
            if (!r[9].isEmpty()) {
                stay.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(r[9]));
            }
            claim.setBillablePeriod(stay);
        }
        Patient patient = new Patient();
        patient.setId("patient");
        patient.addIdentifier(new Identifier().setSystem(AmoFhir.IMMATRICULATION_SYSTEM).setValue(r[2]));
        patient.setBirthDateElement(new DateType(r[4]));
        Coverage coverage = new Coverage();
        coverage.setId("coverage");
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setSubscriberId(r[2]);
        coverage.setDependent(r[3]);
        coverage.setBeneficiary(new Reference("#patient"));
        coverage.addPayor(new Reference().setDisplay("CNSS"));
        coverage.addClass_().setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "plan", null))).setValue(r[1]);
        Resource provider;
        Identifier inpe = new Identifier().setSystem(AmoFhir.INPE_SYSTEM).setValue(r[5]);
        if (hospital) {
            provider = new Organization().addIdentifier(inpe);
        } else {
            provider = new Practitioner().addIdentifier(inpe);
        }
        provider.setId("provider");
        claim.addContained(patient);
        claim.addContained(coverage);
        claim.addContained(provider);
        claim.setPatient(new Reference("#patient"));
        claim.setProvider(new Reference("#provider"));
        claim.setInsurer(new Reference().setDisplay("CNSS"));
        claim.setPriority(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/processpriority",
                "normal", null)));
        claim.getPayee().setType(new CodeableConcept(new Coding(PAYEE_TYPE,
                r[12].equals("PROVIDER") ? "provider" : "subscriber", null)));
        Claim.InsuranceComponent insurance = claim.addInsurance().setSequence(1).setFocal(true)
                .setCoverage(new Reference("#coverage"));
        if (!r[10].isEmpty()) {
            insurance.addPreAuthRef(r[10]);
        }
        int sequence = 1;
        for (String code : r[11].split(";")) {
            claim.addDiagnosis().setSequence(sequence++).setDiagnosis(new CodeableConcept(
                    new Coding(AmoFhir.ICD10_SYSTEM, code, null)));
        }
        for (String[] line : rows) {
            Claim.ItemComponent item = claim.addItem();
            item.setSequence(Integer.parseInt(line[14]));
            item.setCategory(new CodeableConcept(new Coding(AmoFhir.LINE_TYPE_SYSTEM, line[15], null)));
            item.setProductOrService(new CodeableConcept(new Coding(line[15].equals("MEDICINE")
                    ? "https://www.gs1.org/gtin" : "https://amo-claims.cnss.ma/fhir/CodeSystem/ngap", line[16], null)));
            item.setQuantity(new Quantity(Long.parseLong(line[17])));
            item.setServiced(new DateType(line[18]));
            item.setNet(mad(line[19]));
        }
        claim.setTotal(mad(r[13]));
        return claim;
    }

    private static Money mad(String amount) {
        Money money = new Money();
        money.setValue(new BigDecimal(amount));
        money.setCurrency("MAD");
        return money;
    }


}
