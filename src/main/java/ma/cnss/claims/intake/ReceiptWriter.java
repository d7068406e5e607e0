package ma.cnss.claims.intake;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The receipt of a submission (contract §1, "what every accepted file gets back"), read from PostgreSQL and
 * written as a JSON stream: a receipt for a million claims never sits in memory.
 */
@Service
public class ReceiptWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final ReasonLabels labels;

    public ReceiptWriter(JdbcTemplate jdbc, TransactionTemplate transaction, ReasonLabels labels) {
        this.jdbc = jdbc;
        this.labels = labels;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(2000); // a cursor inside the transaction: rows arrive in pages
        this.readOnly = new TransactionTemplate(transaction.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Header of a submission, visible only to its submitter: empty for another's (or an unknown) id. */
    public Optional<Map<String, Object>> submission(long id, String submitterInpe) {
        return jdbc.queryForList("""
                select id, submitter_inpe, channel, format, file_name, checksum_sha256, status, received_at,
                       completed_at, claims_received, claims_accepted, claims_rejected, claims_flagged, failure_code,
                       failure_message
                from submission where id = ? and submitter_inpe = ?""", id, submitterInpe).stream().findFirst();
    }

    public void write(long id, String submitterInpe, OutputStream out) {
        readOnly.executeWithoutResult(status -> {
            Map<String, Object> head = submission(id, submitterInpe).orElseThrow();
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeNumberField("submissionId", id);
                json.writeStringField("submitterInpe", (String) head.get("submitter_inpe"));
                json.writeStringField("status", (String) head.get("status"));
                json.writeStringField("channel", (String) head.get("channel"));
                json.writeStringField("format", (String) head.get("format"));
                json.writeStringField("fileName", (String) head.get("file_name"));
                json.writeStringField("checksumSha256", (String) head.get("checksum_sha256"));
                json.writeStringField("receivedAt", instant(head.get("received_at")));
                json.writeStringField("completedAt", instant(head.get("completed_at")));
                json.writeObjectFieldStart("counts");
                json.writeNumberField("received", ((Number) head.get("claims_received")).longValue());
                json.writeNumberField("accepted", ((Number) head.get("claims_accepted")).longValue());
                json.writeNumberField("rejected", ((Number) head.get("claims_rejected")).longValue());
                json.writeNumberField("flagged", ((Number) head.get("claims_flagged")).longValue());
                json.writeEndObject();
                json.writeArrayFieldStart("fileErrors");
                if (head.get("failure_code") != null) {
                    json.writeStartObject();
                    json.writeStringField("reason", (String) head.get("failure_code"));
                    json.writeStringField("label", label((String) head.get("failure_code")));
                    json.writeStringField("message", (String) head.get("failure_message"));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("claims");
                writeClaims(id, json);
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeClaims(long submissionId, JsonGenerator json) {
        long[] current = {-1};
        streaming.query("""
                select c.id, c.claim_ref, c.status, c.source_row, i.line_no, i.location, i.reason_code, i.message_fr
                from claim c left join claim_issue i on i.claim_id = c.id
                where c.submission_id = ?
                order by c.id, i.id""", (ResultSet rs) -> {
                    try {
                        long claimId = rs.getLong(1);
                        if (claimId != current[0]) {
                            if (current[0] != -1) {
                                json.writeEndArray();
                                json.writeEndObject();
                            }
                            current[0] = claimId;
                            String status = rs.getString(3);
                            json.writeStartObject();
                            json.writeStringField("claimRef", rs.getString(2));
                            json.writeNumberField("claimId", claimId);
                            json.writeStringField("outcome", outcome(status));
                            json.writeStringField("status", status);
                            json.writeNumberField("sourceRow", rs.getInt(4));
                            json.writeArrayFieldStart("issues");
                        }
                        if (rs.getString(7) != null) {
                            json.writeStartObject();
                            json.writeStringField("reason", rs.getString(7));
                            json.writeStringField("label", label(rs.getString(7)));
                            int lineNo = rs.getInt(5);
                            if (!rs.wasNull()) {
                                json.writeNumberField("lineNo", lineNo);
                            }
                            json.writeStringField("location", rs.getString(6));
                            json.writeStringField("message", rs.getString(8));
                            json.writeEndObject();
                        }
                    } catch (IOException e) {
                        throw new SQLException("receipt stream broken", e);
                    }
                }, submissionId);
        if (current[0] != -1) {
            try {
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What the submitter reads: the claim's decision so far. */
    static String outcome(String status) {
        return switch (status) {
            case "RECEIVED" -> "PENDING";
            case "REJECTED", "PARTIALLY_ACCEPTED" -> status;
            default -> "ACCEPTED";
        };
    }

    private String label(String code) {
        return labels.label(code);
    }

    private static String instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        return value == null ? null : value.toString();
    }
}
