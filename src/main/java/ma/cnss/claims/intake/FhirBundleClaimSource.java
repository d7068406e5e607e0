package ma.cnss.claims.intake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.fhir.AmoClaimProfileCheck;
import ma.cnss.claims.fhir.AmoFhir;
import ma.cnss.claims.shared.ReasonCode;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR R4 Bundle (type batch or collection, contract §1b) as a {@link ClaimSource}. Each Claim entry becomes one
 * claim, with the Patient, Coverage and Practitioner/Organization it references (entries or contained resources).
 * Every field goes through the same checks as a CSV row ({@link ClaimFieldsParser}); messages name the FHIR path.
 *
 * <p>Limits checked while reading, before HAPI builds any object: JSON nesting depth, string length, number of
 * entries. A Claim entry that HAPI cannot parse rejects that claim only.
 */
public final class FhirBundleClaimSource implements ClaimSource {

    private static final String SECTOR_EXTENSION = AmoFhir.SECTOR_EXTENSION;
    private static final String LINE_TYPE_SYSTEM = AmoFhir.LINE_TYPE_SYSTEM;
    private static final String INPE_SYSTEM = AmoFhir.INPE_SYSTEM;
    private static final String IMMATRICULATION_SYSTEM = AmoFhir.IMMATRICULATION_SYSTEM;
    private static final String ICD10_SYSTEM = AmoFhir.ICD10_SYSTEM;

    private static final AmoClaimProfileCheck PROFILE = new AmoClaimProfileCheck();
    /** Marks the Bundle this reader wraps around a single Claim (not a FHIR element: never serialised). */
    private static final String BARE_CLAIM = "__amoBareClaim";
    private static final int MAX_DEPTH = 40;
    private static final int MAX_STRING = 100_000;

    private final List<ReceivedClaim> claims = new ArrayList<>();
    private int position;

    public FhirBundleClaimSource(InputStream input, FhirContext fhir, int maxEntries) {
        JsonNode bundle = readTree(input, maxEntries);
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        JsonNode entries = bundle.path("entry");
        boolean bare = bundle.path(BARE_CLAIM).asBoolean(false);
        Map<String, Resource> byReference = new HashMap<>();
        List<Integer> claimIndexes = new ArrayList<>();
        Map<Integer, Object> parsed = new HashMap<>(); // index -> Resource or error message
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText("");
            if (type.equals("Claim")) {
                claimIndexes.add(i);
            }
            try {
                Resource parsedResource = (Resource) parser.parseResource(resource.toString());
                parsed.put(i, parsedResource);
                String fullUrl = entry.path("fullUrl").asText("");
                if (!fullUrl.isEmpty()) {
                    byReference.put(fullUrl, parsedResource);
                }
                if (parsedResource.hasIdElement() && parsedResource.getIdElement().hasIdPart()) {
                    byReference.put(type + "/" + parsedResource.getIdElement().getIdPart(), parsedResource);
                }
            } catch (DataFormatException | ClassCastException e) {
                parsed.put(i, shorten(e.getMessage()));
            }
        }
        for (int i : claimIndexes) {
            Object result = parsed.get(i);
            String path = bare ? "Claim" : "Bundle.entry[" + i + "].resource";
            if (result instanceof Claim claim) {
                List<AmoClaimProfileCheck.Violation> violations = PROFILE.check(claim);
                if (violations.isEmpty()) {
                    claims.add(map(claim, path, i, byReference));
                } else {
                    claims.add(profileViolations(claim, path, i, violations));
                }
            } else {
                String ref = entries.get(i).path("resource").path("identifier").path(0).path("value").asText("");
                claims.add(new ReceivedClaim(ref, i, null, null, null, null, null, null, null, null, null, null,
                        List.of(), null, null, List.of(), List.of(new Issue(null, i, path, ReasonCode.RESOURCE_INVALID,
                                path + " : ressource Claim invalide (" + result + ")."))));
            }
        }
    }

    /** A Claim that does not conform to the amo-claim profile: refused with every violation, by FHIR path. */
    private static ReceivedClaim profileViolations(Claim claim, String path, int entry,
            List<AmoClaimProfileCheck.Violation> violations) {
        List<Issue> issues = new ArrayList<>();
        for (AmoClaimProfileCheck.Violation violation : violations) {
            String where = path + violation.path().substring("Claim".length());
            issues.add(new Issue(null, entry, where, ReasonCode.RESOURCE_INVALID,
                    path + violation.messageFr().substring("Claim".length()) + " (profil amo-claim)"));
        }
        String ref = claim.hasIdentifier() && claim.getIdentifierFirstRep().hasValue()
                ? claim.getIdentifierFirstRep().getValue() : "";
        return new ReceivedClaim(ref, entry, null, null, null, null, null, null, null, null, null, null, List.of(),
                null, null, List.of(), List.copyOf(issues));
    }

    private static JsonNode readTree(InputStream input, int maxEntries) {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build()).build();
        JsonNode root;
        try (JsonParser parser = factory.createParser(input)) {
            root = new ObjectMapper(factory).readTree(parser);
        } catch (StreamConstraintsException e) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_LIMIT_EXCEEDED, null,
                    "JSON refusé : limite dépassée (profondeur max " + MAX_DEPTH + ", chaîne max " + MAX_STRING
                            + " caractères).");
        } catch (IOException e) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_NOT_JSON, null,
                    "Le corps n'est pas un JSON lisible" + location(e) + ".");
        }
        if (root == null || !root.isObject()) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_NOT_JSON, null, "Le corps n'est pas un objet JSON.");
        }
        String type = root.path("resourceType").asText("");
        if (type.equals("Claim")) {
            // extension of contract §1b: a single Claim (with contained resources) is a one-claim submission
            com.fasterxml.jackson.databind.node.ObjectNode bundle = new ObjectMapper().createObjectNode();
            bundle.put("resourceType", "Bundle").put("type", "collection").put(BARE_CLAIM, true);
            bundle.putArray("entry").addObject().set("resource", root);
            return bundle;
        }
        if (!type.equals("Bundle")) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_NOT_BUNDLE, null, "Bundle FHIR (batch ou collection) "
                    + "ou ressource Claim attendu (reçu : " + (type.isEmpty() ? "aucun resourceType" : shorten(type))
                    + ").");
        }
        String bundleType = root.path("type").asText("");
        if (!bundleType.equals("batch") && !bundleType.equals("collection")) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_NOT_BUNDLE, null,
                    "Bundle.type : « batch » ou « collection » attendu (reçu : « " + shorten(bundleType) + " »).");
        }
        if (root.path("entry").size() > maxEntries) {
            throw new ClaimFileRefusedException(ReasonCode.FILE_LIMIT_EXCEEDED, null, "Bundle.entry : "
                    + root.path("entry").size() + " entrées, au plus " + maxEntries + " acceptées par fichier.");
        }
        return root;
    }

    private static String location(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
            return " (ligne " + json.getLocation().getLineNr() + ", colonne " + json.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    /** One claim: its items become rows carrying the claim-level fields, named by FHIR path. */
    private static ReceivedClaim map(Claim claim, String path, int entry, Map<String, Resource> byReference) {
        Map<CsvColumn, String> claimFields = new EnumMap<>(CsvColumn.class);
        Map<CsvColumn, String> paths = new EnumMap<>(CsvColumn.class);
        List<Issue> referenceIssues = new ArrayList<>();
        put(claimFields, paths, CsvColumn.CLAIM_REF, path + ".identifier[0].value",
                claim.hasIdentifier() ? claim.getIdentifierFirstRep().getValue() : null);

        Patient patient = resolve(claim, claim.getPatient(), Patient.class, path + ".patient", byReference,
                referenceIssues, entry);
        Coverage coverage = claim.hasInsurance()
                ? resolve(claim, claim.getInsuranceFirstRep().getCoverage(), Coverage.class,
                        path + ".insurance[0].coverage", byReference, referenceIssues, entry)
                : null;
        DomainResource provider = resolve(claim, claim.getProvider(), DomainResource.class, path + ".provider",
                byReference, referenceIssues, entry);

        String regime = null;
        String insuredId = null;
        String rank = null;
        if (coverage != null) {
            regime = coverage.getClass_().stream().filter(c -> c.getType().getCoding().stream()
                    .anyMatch(t -> "plan".equals(t.getCode()))).map(Coverage.ClassComponent::getValue)
                    .findFirst().orElse(null);
            insuredId = coverage.getSubscriberId();
            rank = coverage.getDependent();
        }
        if (insuredId == null && patient != null) {
            insuredId = identifier(patient.getIdentifier(), IMMATRICULATION_SYSTEM);
        }
        put(claimFields, paths, CsvColumn.REGIME, path + ".insurance[0].coverage→Coverage.class(plan).value", regime);
        put(claimFields, paths, CsvColumn.INSURED_ID, path + ".insurance[0].coverage→Coverage.subscriberId", insuredId);
        put(claimFields, paths, CsvColumn.BENEFICIARY_RANK, path + ".insurance[0].coverage→Coverage.dependent", rank);
        put(claimFields, paths, CsvColumn.PATIENT_BIRTH_DATE, path + ".patient→Patient.birthDate",
                patient != null && patient.hasBirthDateElement() ? patient.getBirthDateElement().getValueAsString() : null);
        String inpe = null;
        if (provider instanceof Practitioner practitioner) {
            inpe = identifier(practitioner.getIdentifier(), INPE_SYSTEM);
        } else if (provider instanceof Organization organization) {
            inpe = identifier(organization.getIdentifier(), INPE_SYSTEM);
        }
        put(claimFields, paths, CsvColumn.PROVIDER_INPE, path + ".provider→identifier(" + INPE_SYSTEM + ")", inpe);
        put(claimFields, paths, CsvColumn.SECTOR, path + ".extension(amo-sector).valueCode",
                claim.hasExtension(SECTOR_EXTENSION) ? claim.getExtensionByUrl(SECTOR_EXTENSION).getValue()
                        .primitiveValue() : null);
        boolean institutional = claim.getType().getCoding().stream().anyMatch(c -> "institutional".equals(c.getCode()));
        put(claimFields, paths, CsvColumn.CARE_SETTING, path + ".type", institutional ? "HOSPITAL" : "AMBULATORY");
        put(claimFields, paths, CsvColumn.ADMISSION_DATE, path + ".billablePeriod.start",
                claim.getBillablePeriod().hasStart() ? claim.getBillablePeriod().getStartElement().getValueAsString()
                        .substring(0, Math.min(10, claim.getBillablePeriod().getStartElement().getValueAsString().length())) : null);
        put(claimFields, paths, CsvColumn.DISCHARGE_DATE, path + ".billablePeriod.end",
                claim.getBillablePeriod().hasEnd() ? claim.getBillablePeriod().getEndElement().getValueAsString()
                        .substring(0, Math.min(10, claim.getBillablePeriod().getEndElement().getValueAsString().length())) : null);
        put(claimFields, paths, CsvColumn.PRIOR_APPROVAL_REF, path + ".insurance[0].preAuthRef[0]",
                claim.hasInsurance() && claim.getInsuranceFirstRep().hasPreAuthRef()
                        ? claim.getInsuranceFirstRep().getPreAuthRef().get(0).getValue() : null);
        List<String> diagnoses = new ArrayList<>();
        for (Claim.DiagnosisComponent diagnosis : claim.getDiagnosis()) {
            if (diagnosis.hasDiagnosisCodeableConcept()) {
                diagnosis.getDiagnosisCodeableConcept().getCoding().stream()
                        .filter(c -> ICD10_SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst()
                        .ifPresentOrElse(diagnoses::add, () -> diagnoses.add("?"));
            }
        }
        put(claimFields, paths, CsvColumn.DIAGNOSIS_ICD10, path + ".diagnosis.diagnosisCodeableConcept(icd-10)",
                diagnoses.isEmpty() ? null : String.join(";", diagnoses));
        String payee = null;
        if (claim.hasPayee()) {
            for (Coding coding : claim.getPayee().getType().getCoding()) {
                if ("subscriber".equals(coding.getCode())) {
                    payee = "INSURED";
                } else if ("provider".equals(coding.getCode())) {
                    payee = "PROVIDER";
                } else {
                    payee = coding.getCode();
                }
            }
        }
        put(claimFields, paths, CsvColumn.PAYEE, path + ".payee.type", payee);
        put(claimFields, paths, CsvColumn.CLAIM_TOTAL_MAD, path + ".total", money(claim.getTotal()));

        List<ClaimRow> rows = new ArrayList<>();
        for (int j = 0; j < Math.max(1, claim.getItem().size()); j++) {
            Map<CsvColumn, String> values = new EnumMap<>(claimFields);
            Map<CsvColumn, String> rowPaths = new EnumMap<>(paths);
            String itemPath = path + ".item[" + j + "]";
            if (j < claim.getItem().size()) {
                Claim.ItemComponent item = claim.getItem().get(j);
                put(values, rowPaths, CsvColumn.LINE_NO, itemPath + ".sequence",
                        item.hasSequence() ? String.valueOf(item.getSequence()) : null);
                put(values, rowPaths, CsvColumn.LINE_TYPE, itemPath + ".category(amo-line-type)",
                        item.getCategory().getCoding().stream().filter(c -> LINE_TYPE_SYSTEM.equals(c.getSystem()))
                                .map(Coding::getCode).findFirst().orElse(null));
                put(values, rowPaths, CsvColumn.CODE, itemPath + ".productOrService.coding[0].code",
                        item.getProductOrService().hasCoding() ? item.getProductOrService().getCodingFirstRep().getCode()
                                : null);
                put(values, rowPaths, CsvColumn.QUANTITY, itemPath + ".quantity.value",
                        item.hasQuantity() && item.getQuantity().hasValue()
                                ? item.getQuantity().getValue().stripTrailingZeros().toPlainString() : null);
                put(values, rowPaths, CsvColumn.SERVICE_DATE, itemPath + ".servicedDate",
                        item.hasServicedDateType() ? ((DateType) item.getServiced()).getValueAsString() : null);
                put(values, rowPaths, CsvColumn.BILLED_MAD, itemPath + ".net", money(item.getNet()));
            } else {
                rowPaths.put(CsvColumn.LINE_NO, path + ".item");
            }
            rows.add(new ClaimRow(entry, values, null, new FhirLocator(rowPaths, path)));
        }
        ReceivedClaim received = ClaimFieldsParser.parse(rows);
        if (claim.getItem().isEmpty()) {
            received = received.withIssue(new Issue(null, entry, path + ".item", ReasonCode.FIELD_MISSING,
                    path + ".item : au moins une ligne (item) est obligatoire."));
        }
        if (claim.hasTotal() && !"MAD".equals(claim.getTotal().getCurrency())) {
            received = received.withIssue(currencyIssue(entry, path + ".total.currency"));
        }
        for (int j = 0; j < claim.getItem().size(); j++) {
            Money net = claim.getItem().get(j).getNet();
            if (net != null && net.hasValue() && !"MAD".equals(net.getCurrency())) {
                received = received.withIssue(currencyIssue(entry, path + ".item[" + j + "].net.currency"));
            }
        }
        for (Issue issue : referenceIssues) {
            received = received.withIssue(issue);
        }
        return received;
    }

    private static Issue currencyIssue(int entry, String path) {
        return new Issue(null, entry, path, ReasonCode.FIELD_INVALID, path + " : devise « MAD » attendue.");
    }

    private static void put(Map<CsvColumn, String> values, Map<CsvColumn, String> paths, CsvColumn column,
            String path, String value) {
        paths.put(column, path);
        if (value != null) {
            values.put(column, value);
        }
    }

    private static String money(Money money) {
        if (money == null || !money.hasValue()) {
            return null;
        }
        BigDecimal value = money.getValue();
        return value.scale() <= 2 && value.signum() >= 0 ? value.setScale(2).toPlainString() : value.toPlainString();
    }

    private static String identifier(List<Identifier> identifiers, String system) {
        return identifiers.stream().filter(i -> system.equals(i.getSystem())).map(Identifier::getValue).findFirst()
                .orElse(null);
    }

    private static <T extends Resource> T resolve(Claim claim, Reference reference, Class<T> type, String path,
            Map<String, Resource> byReference, List<Issue> issues, int entry) {
        if (reference == null || reference.isEmpty()) {
            return null; // the field that needs it is reported missing
        }
        Resource found = null;
        String ref = reference.getReference();
        if (reference.getResource() instanceof Resource contained) {
            found = contained;
        } else if (ref != null && ref.startsWith("#")) {
            found = claim.getContained().stream().filter(r -> ref.substring(1).equals(r.getIdElement().getIdPart()))
                    .findFirst().orElse(null);
        } else if (ref != null) {
            found = byReference.get(ref);
        }
        if (!type.isInstance(found)) {
            issues.add(new Issue(null, entry, path, ReasonCode.REFERENCE_UNRESOLVED, path + " : la référence « "
                    + shorten(String.valueOf(ref)) + " » ne désigne aucune ressource "
                    + (type == DomainResource.class ? "Practitioner ou Organization" : type.getSimpleName())
                    + " du Bundle."));
            return null;
        }
        return type.cast(found);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    private record FhirLocator(Map<CsvColumn, String> paths, String entryPath) implements ClaimRow.Locator {
        @Override
        public String location(CsvColumn column) {
            return paths.getOrDefault(column, entryPath);
        }

        @Override
        public String where(CsvColumn column) {
            return location(column);
        }

        @Override
        public String whole() {
            return entryPath;
        }
    }

    @Override
    public ReceivedClaim next() {
        return position < claims.size() ? claims.get(position++) : null;
    }

    @Override
    public long rowsRead() {
        return claims.size();
    }

    @Override
    public void close() {
        claims.clear();
    }

}
