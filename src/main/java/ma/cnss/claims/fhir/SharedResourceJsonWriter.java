package ma.cnss.claims.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes the FHIR R4 JSON of the resources a claim refers to (Patient, Coverage, Practitioner or Organization)
 * straight from the claim, with Jackson's streaming generator: the same bytes as HAPI's parser gives for
 * {@link ClaimToFhirMapper}'s resources (a test compares them over random claims). On a national day most patients
 * are seen for the first time, so their Patient and Coverage are written once per claim: through HAPI's generic
 * encoder that was half of the mapping stage's CPU once the Claim itself was written by {@link ClaimJsonWriter}.
 */
public final class SharedResourceJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private SharedResourceJsonWriter() {
    }

    /** The body of the shared resource {@code key} ({@code type/id}, named by {@code sharedFingerprints}). */
    public static String write(String key, ClaimToFhirMapper.AcceptedClaim c, String providerIce) {
        if (key.startsWith("Patient/")) {
            return patient(c);
        }
        if (key.startsWith("Coverage/")) {
            return coverage(c);
        }
        return provider(c, providerIce);
    }

    public static String patient(ClaimToFhirMapper.AcceptedClaim c) {
        return json(g -> {
            g.writeStringField("resourceType", "Patient");
            g.writeStringField("id", ClaimToFhirMapper.patientId(c.insuredId(), c.rank()));
            identifiers(g, AmoFhir.IMMATRICULATION_SYSTEM, c.insuredId(), null, null);
            g.writeStringField("birthDate", c.birthDate().toString());
        });
    }

    public static String coverage(ClaimToFhirMapper.AcceptedClaim c) {
        return json(g -> {
            g.writeStringField("resourceType", "Coverage");
            g.writeStringField("id", ClaimToFhirMapper.coverageId(c.insuredId(), c.rank()));
            g.writeStringField("status", "active");
            ClaimJsonWriter.stringField(g, "subscriberId", c.insuredId());
            g.writeObjectFieldStart("beneficiary");
            g.writeStringField("reference", "Patient/" + ClaimToFhirMapper.patientId(c.insuredId(), c.rank()));
            g.writeEndObject();
            g.writeStringField("dependent", String.valueOf(c.rank()));
            g.writeFieldName("relationship");
            ClaimJsonWriter.codeableConcept(g, ClaimToFhirMapper.RELATIONSHIP,
                    ClaimToFhirMapper.relationship(c.relationship()));
            g.writeObjectFieldStart("period");
            g.writeStringField("start", c.rightsFrom().toString());
            if (c.rightsTo() != null) {
                g.writeStringField("end", c.rightsTo().toString());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("payor");
            g.writeStartObject();
            g.writeStringField("display", "CNSS");
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("class");
            g.writeStartObject();
            g.writeFieldName("type");
            ClaimJsonWriter.codeableConcept(g, ClaimToFhirMapper.COVERAGE_CLASS, "plan");
            ClaimJsonWriter.stringField(g, "value", c.regime());
            ClaimJsonWriter.stringField(g, "name", c.regime());
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    public static String provider(ClaimToFhirMapper.AcceptedClaim c, String providerIce) {
        return json(g -> {
            g.writeStringField("resourceType", c.establishment() ? "Organization" : "Practitioner");
            g.writeStringField("id", ClaimToFhirMapper.providerId(c.providerInpe()));
            identifiers(g, AmoFhir.INPE_SYSTEM, c.providerInpe(), c.establishment() ? ClaimToFhirMapper.ICE_SYSTEM
                    : null, c.establishment() ? providerIce : null);
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** One identifier, or two when the second has a value (an establishment's ICE). */
    private static void identifiers(JsonGenerator g, String system, String value, String secondSystem,
            String secondValue) throws IOException {
        g.writeArrayFieldStart("identifier");
        identifier(g, system, value);
        if (secondSystem != null && secondValue != null) {
            identifier(g, secondSystem, secondValue);
        }
        g.writeEndArray();
    }

    private static void identifier(JsonGenerator g, String system, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("system", system);
        ClaimJsonWriter.stringField(g, "value", value);
        g.writeEndObject();
    }
}
