package ma.cnss.claims.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Date;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * Writes the FHIR R4 JSON of an accepted claim's Claim resource straight from the claim, with Jackson's streaming
 * generator: the same bytes as HAPI's parser gives for {@link ClaimToFhirMapper}'s Claim (a test compares them over
 * generated days), about ten times cheaper. HAPI's generic encoder walks the model by reflection and looks for
 * resources to contain at every call: on a national day it was 40 % of the service's CPU (issue 8). Only this one
 * resource, the one written per claim, is written by hand; everything else still goes through HAPI.
 */
public final class ClaimJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
    private static final String PAYEE_TYPE = "http://terminology.hl7.org/CodeSystem/payeetype";
    private static final String PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority";

    private ClaimJsonWriter() {
    }

    public static String write(ClaimToFhirMapper.AcceptedClaim c) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("resourceType", "Claim");
            g.writeStringField("id", "claim-" + c.id());
            g.writeArrayFieldStart("extension");
            g.writeStartObject();
            g.writeStringField("url", AmoFhir.SECTOR_EXTENSION);
            stringField(g, "valueCode", c.sector());
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("identifier");
            g.writeStartObject();
            g.writeStringField("system", ClaimToFhirMapper.CLAIM_REF_SYSTEM + c.submitterInpe());
            stringField(g, "value", c.claimRef());
            g.writeEndObject();
            g.writeEndArray();
            g.writeStringField("status", "active");
            g.writeFieldName("type");
            codeableConcept(g, CLAIM_TYPE, c.hospital() ? "institutional" : "professional");
            g.writeStringField("use", "claim");
            g.writeObjectFieldStart("patient");
            g.writeStringField("reference", "Patient/" + ClaimToFhirMapper.patientId(c.insuredId(), c.rank()));
            g.writeEndObject();
            if (c.hospital() && c.admission() != null) {
                g.writeObjectFieldStart("billablePeriod");
                g.writeStringField("start", c.admission().toString());
                if (c.discharge() != null) {
                    g.writeStringField("end", c.discharge().toString());
                }
                g.writeEndObject();
            }
            // as HAPI writes a DateTimeType made from a java.sql.Date: midnight in the JVM's zone, to the second
            g.writeStringField("created", new DateTimeType(Date.valueOf(c.created())).getValueAsString());
            g.writeObjectFieldStart("insurer");
            g.writeStringField("display", "CNSS");
            g.writeEndObject();
            g.writeObjectFieldStart("provider");
            g.writeStringField("reference", (c.establishment() ? "Organization/" : "Practitioner/")
                    + ClaimToFhirMapper.providerId(c.providerInpe()));
            g.writeEndObject();
            g.writeFieldName("priority");
            codeableConcept(g, PRIORITY, "normal");
            g.writeObjectFieldStart("payee");
            g.writeFieldName("type");
            codeableConcept(g, PAYEE_TYPE, "PROVIDER".equals(c.payee()) ? "provider" : "subscriber");
            g.writeEndObject();
            if (!c.diagnoses().isEmpty()) {
                g.writeArrayFieldStart("diagnosis");
                int sequence = 1;
                for (String diagnosis : c.diagnoses()) {
                    g.writeStartObject();
                    g.writeNumberField("sequence", sequence++);
                    g.writeFieldName("diagnosisCodeableConcept");
                    codeableConcept(g, AmoFhir.ICD10_SYSTEM, diagnosis);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("insurance");
            g.writeStartObject();
            g.writeNumberField("sequence", 1);
            g.writeBooleanField("focal", true);
            g.writeObjectFieldStart("coverage");
            g.writeStringField("reference", "Coverage/" + ClaimToFhirMapper.coverageId(c.insuredId(), c.rank()));
            g.writeEndObject();
            if (c.priorApprovalRef() != null && !c.priorApprovalRef().isEmpty()) {
                g.writeArrayFieldStart("preAuthRef");
                g.writeString(c.priorApprovalRef());
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            if (!c.lines().isEmpty()) {
                g.writeArrayFieldStart("item");
                for (ClaimToFhirMapper.AcceptedLine line : c.lines()) {
                    g.writeStartObject();
                    g.writeNumberField("sequence", line.lineNo());
                    g.writeFieldName("category");
                    codeableConcept(g, AmoFhir.LINE_TYPE_SYSTEM, line.lineType());
                    g.writeFieldName("productOrService");
                    codeableConcept(g, line.lineType().equals("MEDICINE") ? "https://www.gs1.org/gtin"
                            : "https://amo-claims.cnss.ma/fhir/CodeSystem/ngap", line.code());
                    g.writeStringField("servicedDate", line.serviceDate().toString());
                    g.writeObjectFieldStart("quantity");
                    g.writeNumberField("value", line.quantity());
                    g.writeEndObject();
                    money(g, "net", line.billed());
                    g.writeEndObject();
                    total = total.add(line.billed());
                }
                g.writeEndArray();
            }
            money(g, "total", total);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    static void codeableConcept(JsonGenerator g, String system, String code) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", system);
        stringField(g, "code", code);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void money(JsonGenerator g, String field, BigDecimal amount) throws IOException {
        g.writeObjectFieldStart(field);
        if (amount != null) {
            g.writeNumberField("value", amount);
        }
        g.writeStringField("currency", "MAD");
        g.writeEndObject();
    }

    /** HAPI leaves out empty primitives; so does this writer. */
    static void stringField(JsonGenerator g, String field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }
}
