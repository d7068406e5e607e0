package ma.cnss.claims.settlement;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.shared.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a bank's pain.002.001.11 status report: each transfer it rejects (RJCT) is marked rejected, its lines
 * become payable again (in a later day's batch) and the ledger books the money back. A report is applied once (by
 * its message id); a transfer is returned once; a report naming an unknown transfer is refused whole.
 */
@Service
public class BankReturns {

    private static final Logger LOG = LoggerFactory.getLogger(BankReturns.class);

    public record Applied(String msgId, boolean alreadyApplied, int transfersRejected, int linesPayableAgain,
            BigDecimal amountReturned) {
    }

    public static final class ReportRefused extends RuntimeException {
        public ReportRefused(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public BankReturns(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public Applied apply(byte[] pain002) {
        PaymentFiles.StatusReport report;
        try {
            report = PaymentFiles.pain002(new ByteArrayInputStream(pain002));
        } catch (IllegalArgumentException e) {
            throw new ReportRefused(e.getMessage());
        }
        String sha = Checksums.sha256(pain002);
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                    insert into bank_status_report (msg_id, transactions_rejected, file_sha256) values (?, 0, ?)
                    on conflict (msg_id) do nothing""", report.msgId(), sha);
            if (inserted == 0) {
                return new Applied(report.msgId(), true, 0, 0, BigDecimal.ZERO);
            }
            List<Long> batch = jdbc.queryForList("select id from payment_batch where msg_id = ?", Long.class,
                    report.originalMsgId());
            if (batch.isEmpty()) {
                throw new ReportRefused("OrgnlMsgId " + report.originalMsgId() + " : aucun lot de paiement ne porte ce "
                        + "MsgId.");
            }
            int rejected = 0;
            int lines = 0;
            BigDecimal returned = BigDecimal.ZERO;
            List<String> unknown = new ArrayList<>();
            for (PaymentFiles.TransferStatus transfer : report.transfers()) {
                List<Map<String, Object>> found = jdbc.queryForList("""
                        select id, status, amount, regime from payment_transaction
                        where batch_id = ? and end_to_end_id = ? for update""", batch.get(0), transfer.endToEndId());
                if (found.isEmpty()) {
                    unknown.add(transfer.endToEndId());
                    continue;
                }
                if (!"RJCT".equals(transfer.status()) || "REJECTED".equals(found.get(0).get("status"))) {
                    continue;
                }
                long txId = ((Number) found.get(0).get("id")).longValue();
                BigDecimal amount = (BigDecimal) found.get(0).get("amount");
                jdbc.update("""
                        update payment_transaction set status = 'REJECTED', status_reason = ?, status_at = now()
                        where id = ?""", transfer.reason(), txId);
                lines += jdbc.update("update payment_line set returned = true where transaction_id = ? and not returned",
                        txId);
                Long journal = jdbc.queryForObject("""
                        insert into ledger_journal (kind, batch_id, transaction_id, description)
                        values ('TRANSFER_RETURNED', ?, ?, ?) returning id""", Long.class, batch.get(0), txId,
                        "Virement " + transfer.endToEndId() + " rejeté (" + transfer.reason() + ")");
                jdbc.update("insert into ledger_entry (journal_id, account, amount) values (?, 'BANK_TRANSFERS', ?)",
                        journal, amount);
                jdbc.update("insert into ledger_entry (journal_id, account, amount) values (?, ?, ?)", journal,
                        "CLAIMS_EXPENSE:" + found.get(0).get("regime"), amount.negate());
                rejected++;
                returned = returned.add(amount);
            }
            if (!unknown.isEmpty()) {
                throw new ReportRefused("Virements inconnus dans le lot " + report.originalMsgId() + " : "
                        + String.join(", ", unknown.subList(0, Math.min(10, unknown.size()))));
            }
            jdbc.update("update bank_status_report set transactions_rejected = ? where msg_id = ?", rejected,
                    report.msgId());
            LOG.info("Bank status report {} for {}: {} transfers rejected, {} lines payable again", report.msgId(),
                    report.originalMsgId(), rejected, lines);
            return new Applied(report.msgId(), false, rejected, lines, returned);
        });
    }
}
