package ma.cnss.claims.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The bulk writes go through COPY: what is stored must be exactly what was given, whatever the text holds. */
class CopyInIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    /** A table of the test's own transaction (the service's database user may not create tables). */
    private void probeTable() {
        jdbc.execute("""
                create temporary table copy_in_probe (id bigint primary key, label text, amount numeric(14, 2),
                    day date, at timestamptz, rank integer, codes text[]) on commit drop""");
    }

    @Test
    void everyTextIsStoredExactlyAsGivenWhateverItsEscapesQuotesOrSeparators() {
        List<String> awkward = new ArrayList<>(List.of("", "\\N", "\\", "a\tb", "line\nbreak", "cr\rlf\r\n",
                "{\"json\":\"with \\\"escaped\\\" quote\"}", "comma,inside", "{braces}", "NULL", "é à ç ﷺ 𝔸",
                "trailing\\"));
        Random random = new Random(8);
        String alphabet = "ab\\\t\n\r\",{}N éع"; // Latin-1 and beyond: the rows are sent as UTF-8 bytes
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            awkward.add(text.toString());
        }
        transaction.executeWithoutResult(status -> {
            probeTable();
            CopyIn rows = new CopyIn("copy_in_probe (id, label, codes)");
            for (int i = 0; i < awkward.size(); i++) {
                rows.number(i).text(awkward.get(i)).textArray(List.of(awkward.get(i), awkward.get(awkward.size() - 1 - i)))
                        .endRow();
            }
            assertThat(rows.copy(jdbc)).isEqualTo(awkward.size());
            for (int i = 0; i < awkward.size(); i++) {
                assertThat(jdbc.queryForObject("select label from copy_in_probe where id = ?", String.class, i))
                        .isEqualTo(awkward.get(i));
                String[] codes = jdbc.queryForObject("select codes from copy_in_probe where id = ?",
                        (rs, n) -> (String[]) rs.getArray(1).getArray(), i);
                assertThat(Arrays.asList(codes)).containsExactly(awkward.get(i), awkward.get(awkward.size() - 1 - i));
            }
        });
    }

    @Test
    void numbersDatesInstantsAndNullsKeepTheirValues() {
        Instant at = Instant.parse("2026-03-01T23:30:00.123456Z");
        transaction.executeWithoutResult(status -> {
            probeTable();
            new CopyIn("copy_in_probe (id, label, amount, day, at, rank, codes)")
                    .number(1).text(null).decimal(new BigDecimal("1234567890.05")).date(LocalDate.of(2024, 2, 29))
                    .timestamp(at).number((Integer) null).textArray(List.of()).endRow()
                    .number(2).text("x").decimal(null).date(null).timestamp(null).number(Integer.valueOf(-3))
                    .textArray(null).endRow()
                    .copy(jdbc);
            var first = jdbc.queryForMap("select * from copy_in_probe where id = 1");
            assertThat(first.get("label")).isNull();
            assertThat(first.get("amount")).isEqualTo(new BigDecimal("1234567890.05"));
            assertThat(first.get("day").toString()).isEqualTo("2024-02-29");
            assertThat(((java.sql.Timestamp) first.get("at")).toInstant()).isEqualTo(at);
            assertThat(first.get("rank")).isNull();
            assertThat(jdbc.queryForObject("select cardinality(codes) from copy_in_probe where id = 1",
                    Integer.class)).isZero();
            var second = jdbc.queryForMap("select * from copy_in_probe where id = 2");
            assertThat(second.get("amount")).isNull();
            assertThat(second.get("day")).isNull();
            assertThat(second.get("at")).isNull();
            assertThat(second.get("rank")).isEqualTo(-3);
            assertThat(second.get("codes")).isNull();
        });
    }

    @Test
    void aViolatedConstraintFailsTheCopyAndRollsBackTheWholeTransaction() {
        // a refused claim and a submission that counts it: the stages leave it alone, the invariants hold
        long submission = jdbc.queryForObject("""
                insert into submission (submitter_inpe, channel, format, checksum_sha256, byte_size, status,
                                        claims_received, claims_rejected)
                values ('399999981', 'HTTP', 'CSV', ?, 10, 'DONE', 1, 1) returning id""", Long.class, "d".repeat(64));
        long first = jdbc.queryForObject("select nextval('claim_id_seq')", Long.class);
        jdbc.update("""
                insert into claim (id, submission_id, submitter_inpe, claim_ref, source_row, status)
                values (?, ?, '399999981', 'COPY-ACCEPTED-BEFORE', 2, 'REJECTED')""", first, submission);
        long next = jdbc.queryForObject("select nextval('claim_id_seq')", Long.class);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            jdbc.update("update submission set rows_read = 99 where id = ?", submission);
            new CopyIn("claim (id, submission_id, submitter_inpe, claim_ref, source_row, status)")
                    .number(next).number(submission).text("399999981").text("COPY-NEW").number(3).text("REJECTED")
                    .endRow()
                    .number(first).number(submission).text("399999981").text("COPY-AGAIN").number(4)
                    .text("REJECTED").endRow()
                    .copy(jdbc);
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForList("select claim_ref from claim where submission_id = ?", String.class, submission))
                .containsExactly("COPY-ACCEPTED-BEFORE");
        assertThat(jdbc.queryForObject("select rows_read from submission where id = ?", Integer.class, submission))
                .isZero();
    }

    @Test
    void aRowLeftUnfinishedIsRefusedBeforeAnythingIsSent() {
        CopyIn unfinished = new CopyIn("copy_in_probe (id, label)").number(1).text("a").endRow().number(2);
        assertThatThrownBy(() -> unfinished.copy(jdbc))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("copy_in_probe");
    }
}
