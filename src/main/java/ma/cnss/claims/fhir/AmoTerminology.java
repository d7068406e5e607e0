package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The project's FHIR conformance resources, read from {@code fhir-profiles/} with HAPI FHIR: code systems give the
 * French displays shown in receipts. Loading fails loudly on a malformed resource.
 */
public final class AmoTerminology {

    public static final String CANONICAL_BASE = "https://amo-claims.cnss.ma/fhir";
    public static final String REJECTION_REASON_SYSTEM = CANONICAL_BASE + "/CodeSystem/amo-rejection-reason";
    public static final String REGIME_SYSTEM = CANONICAL_BASE + "/CodeSystem/amo-regime";

    private final Map<String, IBaseResource> byUrl;

    private AmoTerminology(Map<String, IBaseResource> byUrl) {
        this.byUrl = byUrl;
    }

    /** Parses every JSON resource of the folder; throws naming the file when one is not valid FHIR R4 JSON. */
    public static AmoTerminology load(FhirContext fhir, Path folder) {
        IParser parser = fhir.newJsonParser();
        Map<String, IBaseResource> byUrl = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("^[A-Z][A-Za-z]+-.*\\.json$"))
                    .sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    IBaseResource resource = parser.parseResource(reader);
                    String url = fhir.newTerser().getSinglePrimitiveValueOrNull(resource, "url");
                    if (url == null || !url.startsWith(CANONICAL_BASE)) {
                        throw new IllegalStateException(file + ": url must start with " + CANONICAL_BASE);
                    }
                    byUrl.put(url, resource);
                } catch (DataFormatException e) {
                    throw new IllegalStateException(file + " is not valid FHIR R4 JSON: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the FHIR profiles folder " + folder, e);
        }
        return new AmoTerminology(byUrl);
    }

    public Optional<CodeSystem> codeSystem(String url) {
        return Optional.ofNullable(byUrl.get(url)).filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast);
    }

    /** The codes of a code system, in the order written. */
    public List<String> codes(String system) {
        return codeSystem(system).map(cs -> cs.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode)
                .toList()).orElse(List.of());
    }

    /** The French display of a code, or the code itself when unknown. */
    public String display(String system, String code) {
        return codeSystem(system).flatMap(cs -> cs.getConcept().stream().filter(c -> c.getCode().equals(code))
                .findFirst()).map(CodeSystem.ConceptDefinitionComponent::getDisplay).orElse(code);
    }

    /** Every conformance resource of the folder (StructureDefinitions, ValueSets, CodeSystems). */
    public java.util.Collection<IBaseResource> resources() {
        return byUrl.values();
    }

    public int size() {
        return byUrl.size();
    }
}
