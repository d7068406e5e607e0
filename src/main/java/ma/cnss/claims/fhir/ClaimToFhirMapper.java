package ma.cnss.claims.fhir;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * An accepted claim as FHIR R4 (amo-rules §8): Claim, with its Patient, Coverage (regime as {@code class} plan,
 * rights period) and Practitioner or Organization (INPE). Only accepted lines become items. Money in MAD.
 * Plain Java over HAPI's model: no database, no Camel.
 */
public final class ClaimToFhirMapper {

    /** ICE, Identifiant Commun de l'Entreprise (amo-rules §2). */
    public static final String ICE_SYSTEM = "https://www.ice.gov.ma/fhir/sid/ice";
    public static final String CLAIM_REF_SYSTEM = "https://amo-claims.cnss.ma/fhir/sid/claim-ref/";
    private static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
    static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
    static final String RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship";
    private static final String PAYEE_TYPE = "http://terminology.hl7.org/CodeSystem/payeetype";

    /** What the mapper needs to know of a decided claim. */
    public record AcceptedClaim(long id, String submitterInpe, String claimRef, String regime, String insuredId,
            int rank, String relationship, LocalDate birthDate, LocalDate rightsFrom, LocalDate rightsTo,
            String providerInpe, boolean establishment, String sector, boolean hospital, LocalDate admission,
            LocalDate discharge, String priorApprovalRef, List<String> diagnoses, String payee, LocalDate created,
            List<AcceptedLine> lines) {
    }

    public record AcceptedLine(int lineNo, String lineType, String code, int quantity, LocalDate serviceDate,
            BigDecimal billed) {
    }

    public record Mapped(Claim claim, Patient patient, Coverage coverage, DomainResource provider) {
    }

    /** Changes whenever this mapper writes a shared resource differently: every stored one is then encoded again. */
    static final int SHARED_MAPPING_VERSION = 1;

    /**
     * The shared resources a claim refers to ({@code type/id}), each with the fingerprint of the fields it is
     * mapped from: equal fingerprints, equal bodies. Lets the mapping stage encode a Patient, Coverage or provider
     * once, not once per claim.
     */
    public static java.util.Map<String, String> sharedFingerprints(AcceptedClaim c, String providerIce) {
        String patientId = patientId(c.insuredId(), c.rank());
        String providerType = c.establishment() ? "Organization" : "Practitioner";
        return java.util.Map.of(
                "Patient/" + patientId,
                SHARED_MAPPING_VERSION + "|" + c.insuredId() + "|" + c.birthDate(),
                "Coverage/" + coverageId(c.insuredId(), c.rank()),
                SHARED_MAPPING_VERSION + "|" + c.insuredId() + "|" + c.rank() + "|" + c.relationship() + "|"
                        + c.regime() + "|" + c.rightsFrom() + "|" + c.rightsTo(),
                providerType + "/" + providerId(c.providerInpe()),
                SHARED_MAPPING_VERSION + "|" + c.providerInpe() + "|" + c.establishment() + "|"
                        + (c.establishment() ? providerIce : null));
    }

    public static String patientId(String insuredId, int rank) {
        return "pat-" + insuredId + "-" + rank;
    }

    public static String coverageId(String insuredId, int rank) {
        return "cov-" + insuredId + "-" + rank;
    }

    public static String providerId(String inpe) {
        return "prov-" + inpe;
    }

    public Mapped map(AcceptedClaim c) {
        return map(c, null);
    }

    /** With the establishment's ICE (15 digits), when the registry has it: a second identifier on the Organization. */
    public Mapped map(AcceptedClaim c, String providerIce) {
        String patientId = patientId(c.insuredId(), c.rank());
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.addIdentifier(new Identifier().setSystem(AmoFhir.IMMATRICULATION_SYSTEM)
                .setValue(c.insuredId()));
        patient.setBirthDateElement(new DateType(c.birthDate().toString()));

        Coverage coverage = new Coverage();
        coverage.setId(coverageId(c.insuredId(), c.rank()));
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setSubscriberId(c.insuredId());
        coverage.setDependent(String.valueOf(c.rank()));
        coverage.setBeneficiary(new Reference("Patient/" + patientId));
        coverage.setRelationship(new CodeableConcept(new Coding(RELATIONSHIP, relationship(c.relationship()), null)));
        coverage.addPayor(new Reference().setDisplay("CNSS"));
        coverage.addClass_().setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "plan", null)))
                .setValue(c.regime()).setName(c.regime());
        Period rights = new Period().setStartElement(new DateTimeType(c.rightsFrom().toString()));
        if (c.rightsTo() != null) {
            rights.setEndElement(new DateTimeType(c.rightsTo().toString()));
        }
        coverage.setPeriod(rights);

        Identifier inpe = new Identifier().setSystem(AmoFhir.INPE_SYSTEM).setValue(c.providerInpe());
        DomainResource provider;
        if (c.establishment()) {
            Organization organization = new Organization().addIdentifier(inpe);
            if (providerIce != null) {
                organization.addIdentifier(new Identifier().setSystem(ICE_SYSTEM).setValue(providerIce));
            }
            provider = organization;
        } else {
            provider = new Practitioner().addIdentifier(inpe);
        }
        provider.setId(providerId(c.providerInpe()));
        String providerType = c.establishment() ? "Organization" : "Practitioner";

        Claim claim = new Claim();
        claim.setId("claim-" + c.id());
        claim.addIdentifier(new Identifier().setSystem(CLAIM_REF_SYSTEM + c.submitterInpe()).setValue(c.claimRef()));
        claim.setStatus(Claim.ClaimStatus.ACTIVE);
        claim.setUse(Claim.Use.CLAIM);
        claim.setType(new CodeableConcept(new Coding(CLAIM_TYPE, c.hospital() ? "institutional" : "professional",
                null)));
        claim.addExtension(AmoFhir.SECTOR_EXTENSION, new CodeType(c.sector()));
        claim.setCreated(Date.valueOf(c.created()));
        claim.setPatient(new Reference("Patient/" + patientId));
        claim.setProvider(new Reference(providerType + "/" + provider.getIdPart()));
        claim.setInsurer(new Reference().setDisplay("CNSS"));
        claim.setPriority(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/processpriority",
                "normal", null)));
        claim.getPayee().setType(new CodeableConcept(new Coding(PAYEE_TYPE,
                "PROVIDER".equals(c.payee()) ? "provider" : "subscriber", null)));
        if (c.hospital() && c.admission() != null) {
            Period stay = new Period().setStartElement(new DateTimeType(c.admission().toString()));
            if (c.discharge() != null) {
                stay.setEndElement(new DateTimeType(c.discharge().toString()));
            }
            claim.setBillablePeriod(stay);
        }
        Claim.InsuranceComponent insurance = claim.addInsurance().setSequence(1).setFocal(true)
                .setCoverage(new Reference("Coverage/" + coverage.getIdPart()));
        if (c.priorApprovalRef() != null) {
            insurance.addPreAuthRef(c.priorApprovalRef());
        }
        int sequence = 1;
        for (String diagnosis : c.diagnoses()) {
            claim.addDiagnosis().setSequence(sequence++).setDiagnosis(new CodeableConcept(
                    new Coding(AmoFhir.ICD10_SYSTEM, diagnosis, null)));
        }
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (AcceptedLine line : c.lines()) {
            Claim.ItemComponent item = claim.addItem().setSequence(line.lineNo());
            item.setCategory(new CodeableConcept(new Coding(AmoFhir.LINE_TYPE_SYSTEM, line.lineType(),
                    null)));
            item.setProductOrService(new CodeableConcept(new Coding(line.lineType().equals("MEDICINE")
                    ? "https://www.gs1.org/gtin" : "https://amo-claims.cnss.ma/fhir/CodeSystem/ngap", line.code(),
                    null)));
            item.setServiced(new DateType(line.serviceDate().toString()));
            item.setQuantity(new Quantity(line.quantity()));
            item.setNet(mad(line.billed()));
            total = total.add(line.billed());
        }
        claim.setTotal(mad(total));
        return new Mapped(claim, patient, coverage, provider);
    }

    static String relationship(String relationship) {
        return switch (relationship) {
            case "SPOUSE" -> "spouse";
            case "CHILD" -> "child";
            default -> "self";
        };
    }

    private static Money mad(BigDecimal amount) {
        Money money = new Money();
        money.setValue(amount);
        money.setCurrency("MAD");
        return money;
    }

}
