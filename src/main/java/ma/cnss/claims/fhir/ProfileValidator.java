package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's generic validator loaded with the project's profiles (fhir-profiles/): the oracle the fast checks
 * ({@link AmoClaimProfileCheck}) must agree with. About 20 ms of CPU per claim once warm, so it is used in tests
 * and for sampling, never on every incoming claim.
 */
public final class ProfileValidator {

    public static final String CLAIM_PROFILE = AmoTerminology.CANONICAL_BASE + "/StructureDefinition/amo-claim";
    public static final String PATIENT_PROFILE = AmoTerminology.CANONICAL_BASE + "/StructureDefinition/amo-patient";
    public static final String COVERAGE_PROFILE = AmoTerminology.CANONICAL_BASE + "/StructureDefinition/amo-coverage";

    /** The project's profile for a resource type. */
    public static String profileFor(String resourceType) {
        return switch (resourceType) {
            case "Claim" -> CLAIM_PROFILE;
            case "Patient" -> PATIENT_PROFILE;
            case "Coverage" -> COVERAGE_PROFILE;
            default -> throw new IllegalArgumentException("No amo profile for " + resourceType);
        };
    }

    private final FhirValidator validator;

    public ProfileValidator(FhirContext fhir, AmoTerminology terminology) {
        PrePopulatedValidationSupport project = new PrePopulatedValidationSupport(fhir);
        for (IBaseResource resource : terminology.resources()) {
            project.addResource(resource);
        }
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), project,
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        validator = fhir.newValidator().registerValidatorModule(instanceValidator);
    }

    /** The error (and fatal) messages for a resource validated against a profile, as "location: message". */
    public List<String> errors(IBaseResource resource, String profile) {
        ValidationResult result = validator.validateWithResult(resource, new ValidationOptions().addProfile(profile));
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
    }
}
