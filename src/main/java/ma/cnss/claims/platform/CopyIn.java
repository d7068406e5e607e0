package ma.cnss.claims.platform;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for one PostgreSQL {@code COPY ... FROM STDIN} (text format), sent on the connection of the current
 * transaction: the bulk writes of the pipeline (claims and lines at intake, priced lines, encoded resources).
 * A batched multi-row INSERT is parsed and planned anew for every 128 rows and binds every value through the driver;
 * COPY streams the rows to PostgreSQL's bulk insert path. Constraints, foreign keys and the transaction behave as
 * for INSERT: a violated constraint fails the COPY, and the transaction rolls back with it.
 */
public final class CopyIn {

    private final String target;
    private final StringBuilder rows = new StringBuilder(1 << 16);
    private boolean firstField = true;
    private int count;

    /** {@code target}: the table and its columns, as in {@code COPY claim_line (claim_id, line_no) FROM STDIN}. */
    public CopyIn(String target) {
        this.target = target;
    }

    public CopyIn text(String value) {
        separate();
        if (value == null) {
            rows.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    public CopyIn number(long value) {
        separate();
        rows.append(value);
        return this;
    }

    /** A nullable Integer or Long (amounts go through {@link #decimal}). */
    public CopyIn number(Number value) {
        separate();
        rows.append(value == null ? "\\N" : value.toString());
        return this;
    }

    public CopyIn decimal(BigDecimal value) {
        separate();
        rows.append(value == null ? "\\N" : value.toPlainString());
        return this;
    }

    public CopyIn date(LocalDate value) {
        separate();
        rows.append(value == null ? "\\N" : value.toString()); // ISO 8601, as PostgreSQL reads dates in any DateStyle
        return this;
    }

    /** A {@code timestamptz}: ISO 8601 in UTC. */
    public CopyIn timestamp(java.time.Instant value) {
        separate();
        rows.append(value == null ? "\\N" : value.toString());
        return this;
    }

    /** A {@code text[]} value: each element double-quoted inside the array literal, so any text is kept as is. */
    public CopyIn textArray(List<String> values) {
        separate();
        if (values == null) {
            rows.append("\\N");
            return this;
        }
        StringBuilder literal = new StringBuilder(values.size() * 8 + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            String element = values.get(i);
            if (element == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            for (int c = 0; c < element.length(); c++) {
                char ch = element.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        escape(literal.append('}'));
        return this;
    }

    public CopyIn endRow() {
        rows.append('\n');
        firstField = true;
        count++;
        return this;
    }

    public int rowCount() {
        return count;
    }

    /** Sends the rows on the current transaction's connection; returns how many PostgreSQL stored. */
    public long copy(JdbcTemplate jdbc) {
        if (count == 0) {
            return 0;
        }
        if (!firstField) {
            throw new IllegalStateException("COPY into " + target + ": the last row was not ended");
        }
        return jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                // as UTF-8 bytes, the connection's encoding: the driver's Reader path encodes 64 KB chunks itself
                byte[] data = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY " + target + " FROM STDIN", new java.io.ByteArrayInputStream(data), 1 << 20);
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into " + target + ": " + e.getMessage(), e);
            }
        });
    }

    private void separate() {
        if (!firstField) {
            rows.append('\t');
        }
        firstField = false;
    }

    /** COPY text format: backslash, tab, newline and carriage return are written as escapes. */
    private void escape(String value) {
        // most values have none of the four: four vectorised scans and one copy, instead of a switch per character
        // (a stored Claim is about 2 KB of JSON)
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            rows.append(value);
        } else {
            escape((CharSequence) value);
        }
    }

    private void escape(CharSequence value) {
        int plain = 0; // start of the run of characters copied as they are
        for (int i = 0; i < value.length(); i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                rows.append(value, plain, i).append(escaped);
                plain = i + 1;
            }
        }
        rows.append(value, plain, value.length());
    }
}
