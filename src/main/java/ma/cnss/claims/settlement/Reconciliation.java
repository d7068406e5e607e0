package ma.cnss.claims.settlement;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import ma.cnss.claims.settlement.iso20022.pain001.CreditTransferTransaction40;
import ma.cnss.claims.settlement.iso20022.pain001.CustomerCreditTransferInitiationV10;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentInstruction34;
import ma.cnss.claims.shared.Checksums;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Compares claims, ledger and payment files and reports every difference to the centime, with where it is (batch,
 * transfer, claim line). A clean settlement reports none. Checks:
 * each paid line's payment equals its priced amount; each transfer equals the sum of its lines; each batch's
 * NbOfTxs and CtrlSum equal its transfers; each ledger journal balances; the claims expense in the ledger equals the
 * live payments; each written file is unchanged (SHA-256) and its group and block control sums and every transfer
 * equal the database.
 */
@Service
public class Reconciliation {

    public record Difference(String check, Long batchId, String msgId, String endToEndId, Long claimId,
            Integer lineNo, BigDecimal expected, BigDecimal actual, long differenceCentimes, String detail) {
    }

    public record Report(int batchesChecked, long linesChecked, List<Difference> differences) {
        public boolean clean() {
            return differences.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final Path paymentsDir;

    public Reconciliation(JdbcTemplate jdbc, @Value("${claims.settlement.payments-dir}") String paymentsDir) {
        this.jdbc = jdbc;
        this.paymentsDir = Path.of(paymentsDir);
    }

    public Report run() {
        List<Difference> differences = new ArrayList<>();
        // 1. a paid line's payment is its priced amount
        jdbc.query("""
                select t.batch_id, b.msg_id, t.end_to_end_id, pl.claim_id, pl.line_no, sl.paid, pl.amount
                from payment_line pl join settlement_line sl on sl.claim_id = pl.claim_id and sl.line_no = pl.line_no
                join payment_transaction t on t.id = pl.transaction_id join payment_batch b on b.id = t.batch_id
                where pl.amount <> sl.paid order by t.batch_id, pl.claim_id, pl.line_no""", rs -> {
                    differences.add(diff("LINE_PAYMENT_EQUALS_PRICED_AMOUNT", rs.getLong(1), rs.getString(2),
                            rs.getString(3), rs.getLong(4), rs.getInt(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                            "montant payé différent du montant liquidé"));
                });
        // 2. a transfer is the sum of its lines
        jdbc.query("""
                select t.batch_id, b.msg_id, t.end_to_end_id, t.amount, coalesce(sum(pl.amount), 0)
                from payment_transaction t join payment_batch b on b.id = t.batch_id
                left join payment_line pl on pl.transaction_id = t.id
                group by t.id, b.msg_id having t.amount <> coalesce(sum(pl.amount), 0) order by t.id""", rs -> {
                    differences.add(diff("TRANSFER_EQUALS_ITS_LINES", rs.getLong(1), rs.getString(2), rs.getString(3),
                            null, null, rs.getBigDecimal(5), rs.getBigDecimal(4), "virement différent de ses lignes"));
                });
        // 3. a batch's control sums are its transfers
        jdbc.query("""
                select b.id, b.msg_id, b.ctrl_sum, coalesce(sum(t.amount), 0), b.nb_of_txs, count(t.id)
                from payment_batch b left join payment_transaction t on t.batch_id = b.id
                group by b.id having b.ctrl_sum <> coalesce(sum(t.amount), 0) or b.nb_of_txs <> count(t.id)
                order by b.id""", rs -> {
                    differences.add(diff("BATCH_CONTROL_SUMS", rs.getLong(1), rs.getString(2), null, null, null,
                            rs.getBigDecimal(4), rs.getBigDecimal(3), "CtrlSum " + rs.getBigDecimal(3) + " / NbOfTxs "
                                    + rs.getInt(5) + " scellés, " + rs.getBigDecimal(4) + " / " + rs.getLong(6)
                                    + " en base"));
                });
        // 4. every journal balances
        jdbc.query("""
                select j.id, j.batch_id, sum(e.amount) from ledger_journal j join ledger_entry e on e.journal_id = j.id
                group by j.id having sum(e.amount) <> 0""", rs -> {
                    differences.add(diff("LEDGER_JOURNAL_BALANCED", rs.getLong(2), null, null, null, null,
                            BigDecimal.ZERO, rs.getBigDecimal(3), "écriture " + rs.getLong(1) + " déséquilibrée"));
                });
        // 5. the claims expense booked equals the live payments
        BigDecimal booked = jdbc.queryForObject("""
                select coalesce(sum(amount), 0) from ledger_entry where account like 'CLAIMS_EXPENSE:%'""",
                BigDecimal.class);
        BigDecimal live = jdbc.queryForObject("select coalesce(sum(amount), 0) from payment_line where not returned",
                BigDecimal.class);
        if (booked.compareTo(live) != 0) {
            differences.add(diff("LEDGER_EQUALS_PAYMENTS", null, null, null, null, null, live, booked,
                    "charges au grand livre différentes des paiements en cours"));
        }
        // 6. the files on disk are the sealed batches
        List<Map<String, Object>> exported = jdbc.queryForList("""
                select id, msg_id, file_name, file_sha256, nb_of_txs, ctrl_sum from payment_batch
                where status = 'EXPORTED' order by id""");
        for (Map<String, Object> batch : exported) {
            checkFile(batch, differences);
        }
        int batches = jdbc.queryForObject("select count(*) from payment_batch", Integer.class);
        long lines = jdbc.queryForObject("select count(*) from payment_line", Long.class);
        // the outcome is kept for the amo_reconciliation_differences metric and its alert
        jdbc.update("insert into reconciliation_result (differences, batches, lines) values (?, ?, ?)",
                differences.size(), batches, lines);
        return new Report(batches, lines, differences);
    }

    private void checkFile(Map<String, Object> batch, List<Difference> differences) {
        long batchId = ((Number) batch.get("id")).longValue();
        String msgId = (String) batch.get("msg_id");
        Path file = paymentsDir.resolve((String) batch.get("file_name"));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            differences.add(diff("FILE_PRESENT", batchId, msgId, null, null, null, null, null, "fichier absent : "
                    + batch.get("file_name")));
            return;
        }
        if (!Checksums.sha256(bytes).equals(batch.get("file_sha256"))) {
            differences.add(diff("FILE_UNCHANGED", batchId, msgId, null, null, null, null, null,
                    "le fichier ne correspond plus à son empreinte SHA-256"));
        }
        CustomerCreditTransferInitiationV10 file1;
        try {
            XMLInputFactory xml = XMLInputFactory.newFactory();
            xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            JAXBElement<ma.cnss.claims.settlement.iso20022.pain001.Document> document = JAXBContext
                    .newInstance(ma.cnss.claims.settlement.iso20022.pain001.ObjectFactory.class).createUnmarshaller()
                    .unmarshal(xml.createXMLStreamReader(new ByteArrayInputStream(bytes)),
                            ma.cnss.claims.settlement.iso20022.pain001.Document.class);
            file1 = document.getValue().getCstmrCdtTrfInitn();
        } catch (Exception e) {
            differences.add(diff("FILE_READABLE", batchId, msgId, null, null, null, null, null, e.getMessage()));
            return;
        }
        BigDecimal ctrlSum = (BigDecimal) batch.get("ctrl_sum");
        if (file1.getGrpHdr().getCtrlSum().compareTo(ctrlSum) != 0
                || Integer.parseInt(file1.getGrpHdr().getNbOfTxs()) != ((Number) batch.get("nb_of_txs")).intValue()) {
            differences.add(diff("FILE_GROUP_CONTROL_SUMS", batchId, msgId, null, null, null, ctrlSum,
                    file1.getGrpHdr().getCtrlSum(), "GrpHdr NbOfTxs " + file1.getGrpHdr().getNbOfTxs()));
        }
        Map<String, BigDecimal> inDatabase = new HashMap<>();
        jdbc.query("select end_to_end_id, amount from payment_transaction where batch_id = ?", rs -> {
            inDatabase.put(rs.getString(1), rs.getBigDecimal(2));
        }, batchId);
        Map<String, BigDecimal> inFile = new LinkedHashMap<>();
        for (PaymentInstruction34 block : file1.getPmtInf()) {
            BigDecimal blockSum = BigDecimal.ZERO;
            for (CreditTransferTransaction40 tx : block.getCdtTrfTxInf()) {
                BigDecimal amount = tx.getAmt().getInstdAmt().getValue();
                inFile.put(tx.getPmtId().getEndToEndId(), amount);
                blockSum = blockSum.add(amount);
            }
            if (block.getCtrlSum().compareTo(blockSum) != 0
                    || Integer.parseInt(block.getNbOfTxs()) != block.getCdtTrfTxInf().size()) {
                differences.add(diff("FILE_BLOCK_CONTROL_SUMS", batchId, msgId, null, null, null, blockSum,
                        block.getCtrlSum(), "bloc " + block.getPmtInfId()));
            }
        }
        for (Map.Entry<String, BigDecimal> tx : inDatabase.entrySet()) {
            BigDecimal written = inFile.get(tx.getKey());
            if (written == null || written.compareTo(tx.getValue()) != 0) {
                differences.add(diff("FILE_TRANSFER_EQUALS_DATABASE", batchId, msgId, tx.getKey(), null, null,
                        tx.getValue(), written, written == null ? "virement absent du fichier" : "montant différent"));
            }
        }
        inFile.keySet().stream().filter(e2e -> !inDatabase.containsKey(e2e)).forEach(e2e -> differences.add(
                diff("FILE_TRANSFER_EQUALS_DATABASE", batchId, msgId, e2e, null, null, null, inFile.get(e2e),
                        "virement du fichier inconnu en base")));
    }

    private static Difference diff(String check, Long batchId, String msgId, String endToEndId, Long claimId,
            Integer lineNo, BigDecimal expected, BigDecimal actual, String detail) {
        long centimes = expected == null || actual == null ? 0
                : actual.subtract(expected).movePointRight(2).longValueExact();
        return new Difference(check, batchId, msgId, endToEndId, claimId, lineNo, expected, actual, centimes, detail);
    }
}
