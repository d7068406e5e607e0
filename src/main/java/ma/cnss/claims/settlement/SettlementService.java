package ma.cnss.claims.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ma.cnss.claims.platform.CopyIn;
import ma.cnss.claims.shared.AcceptedLine;
import ma.cnss.claims.shared.ClaimsInHand;
import ma.cnss.claims.reference.ReferenceData;
import ma.cnss.claims.shared.CrashPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily settlement run, in PostgreSQL, in steps that each commit and that a restart resumes:
 * <ol>
 * <li>price every line of the claims released to settlement (decided or not needing review) once
 *     ({@code settlement_line}, with the rule, its version and the tariff and rate rows used);</li>
 * <li>per payee kind (insured persons' reimbursements, providers' tiers payant), build the day's batch of every
 *     priced line not yet paid, one credit transfer per creditor RIB and regime, book it in the ledger and seal it,
 *     all in one transaction (a unique index refuses a second live payment of any line);</li>
 * <li>write each sealed batch as a pain.001.001.10 file (validated against the XSD, written then renamed), then
 *     mark it exported. A crash between seal and file leaves a sealed batch that the next run writes.</li>
 * </ol>
 * Running a day again adds nothing: its batches exist, and every line already has its payment.
 */
@Service
public class SettlementService implements ClaimsInHand {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementService.class);
    private static final String[] PAYEE_KINDS = {"INSURED", "PROVIDER"};
    private static final int SETTLEMENT_LOCK_CLASS = 0x534554; // "SET"
    private static final int SEAL_LOCK_CLASS = 0x5345414c; // "SEAL"

    public record RunReport(LocalDate settlementDate, String status, int claimsPriced, List<Map<String, Object>> batches,
            long linesWaitingForRib) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReferenceData reference;
    private final Environment environment;
    private final Path paymentsDir;
    private final String rateSet;
    private final RoundingMode rounding;
    private final ZoneId zone;
    private final CrashPoints crashPoints;
    private final int pricingBatch;
    private final int pricingWorkers;
    private final boolean priceOnRelease;

    public SettlementService(JdbcTemplate jdbc, TransactionTemplate transaction, ReferenceData reference,
            Environment environment, @Value("${claims.settlement.payments-dir}") String paymentsDir,
            @Value("${claims.settlement.rate-set:DEFAULT}") String rateSet,
            @Value("${claims.settlement.rounding:HALF_UP}") RoundingMode rounding,
            @Value("${claims.settlement.zone:Africa/Casablanca}") String zone,
            CrashPoints crashPoints,
            @Value("${claims.settlement.pricing-batch-size:2000}") int pricingBatch,
            @Value("${claims.settlement.pricing-workers:0}") int pricingWorkers,
            @Value("${claims.settlement.price-on-release:true}") boolean priceOnRelease) {
        this.pricingBatch = pricingBatch;
        this.priceOnRelease = priceOnRelease;
        // 0: one per core. Pricing alternates between Java and PostgreSQL, so one worker kept one core busy at most
        this.pricingWorkers = pricingWorkers > 0 ? pricingWorkers : Runtime.getRuntime().availableProcessors();
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.reference = reference;
        this.environment = environment;
        this.paymentsDir = Path.of(paymentsDir);
        this.rateSet = rateSet;
        this.rounding = rounding;
        this.zone = ZoneId.of(zone);
        this.crashPoints = crashPoints;
        // the payment files' JAXB contexts and XSDs take about half a second to build: built at startup, on a thread
        // of their own, instead of inside the first settlement run
        Thread preload = new Thread(PaymentFiles::prepare, "payment-files-preload");
        preload.setDaemon(true);
        preload.start();
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /**
     * Prices the next claims released to settlement so far (route {@code settlement-pricing}), so that the daily
     * run has only its batches to seal. A line's price depends on its date of care, the claim's flags and the
     * review's decision, all known once the claim is released, not on the day of the run. Claims released after
     * the last pass, or left by a failure, are priced by the run itself. Returns how many claims (0: none waiting,
     * or {@code claims.settlement.price-on-release} is off and the run prices everything).
     */
    public int priceNextReleased() {
        return priceOnRelease ? priceNextClaims(today(), pricingBatch) : 0;
    }

    /**
     * Runs (or resumes, or finds done) the settlement of a day. One run per day across every instance: the run
     * holds a PostgreSQL session advisory lock for its day, which PostgreSQL releases by itself if the holder dies;
     * a second caller meanwhile gets the day's report with status {@code RUNNING_ELSEWHERE} and changes nothing.
     * (The unique constraints on batches and payments would refuse a double payment anyway.)
     */
    public RunReport run(LocalDate day, String startedBy) {
        try (Connection lock = jdbc.getDataSource().getConnection()) {
            if (!advisoryLock(lock, "pg_try_advisory_lock", day)) {
                LOG.info("Settlement of {} is running in another session; not started here", day);
                RunReport current = report(day, 0);
                return new RunReport(day, "RUNNING_ELSEWHERE", 0, current.batches(), current.linesWaitingForRib());
            }
            try {
                return runHoldingTheDayLock(day, startedBy);
            } finally {
                advisoryLock(lock, "pg_advisory_unlock", day);
            }
        } catch (SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("settlement lock: " + e.getMessage(),
                    e);
        }
    }

    /** Lock key: (a constant for "settlement", the day's number). */
    private static boolean advisoryLock(Connection connection, String function, LocalDate day) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?, ?)")) {
            statement.setInt(1, SETTLEMENT_LOCK_CLASS);
            statement.setInt(2, (int) day.toEpochDay());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private RunReport runHoldingTheDayLock(LocalDate day, String startedBy) {
        boolean alreadyDone = Boolean.TRUE.equals(transaction.execute(status -> {
            jdbc.update("""
                    insert into settlement_run (settlement_date, status, started_by) values (?, 'RUNNING', ?)
                    on conflict (settlement_date) do nothing""", Date.valueOf(day), startedBy);
            return "DONE".equals(jdbc.queryForObject(
                    "select status from settlement_run where settlement_date = ?", String.class, Date.valueOf(day)));
        }));
        int priced = 0;
        long started = System.nanoTime();
        long pricedAt = started;
        if (!alreadyDone) {
            priced = priceAll(day);
            pricedAt = System.nanoTime();
            crashPoints.after("settlement.priced");
            sealAll(day);
        }
        long sealedAt = System.nanoTime();
        exportSealedBatches();
        LOG.info("Settlement of {}: {} claims priced in {} ms, batches sealed in {} ms, files written in {} ms", day,
                priced, (pricedAt - started) / 1_000_000, (sealedAt - pricedAt) / 1_000_000,
                (System.nanoTime() - sealedAt) / 1_000_000);
        transaction.executeWithoutResult(status -> jdbc.update("""
                update settlement_run set status = 'DONE', completed_at = coalesce(completed_at, now())
                where settlement_date = ?""", Date.valueOf(day)));
        return report(day, priced);
    }

    /**
     * Prices every claim released before the end of {@code day}, with {@code pricingWorkers} workers that take
     * batches with SKIP LOCKED (as instances do): each claim is priced once, in one transaction with its lines.
     */
    private int priceAll(LocalDate day) {
        java.util.concurrent.Callable<Integer> worker = () -> {
            int priced = 0;
            int done;
            while ((done = priceNextClaims(day, pricingBatch)) > 0) {
                priced += done;
            }
            return priced;
        };
        return inParallel("settlement-pricing", java.util.Collections.nCopies(pricingWorkers, worker)).stream()
                .mapToInt(Integer::intValue).sum();
    }

    /**
     * Seals the day's batch of each payee kind, the kinds side by side: each seal is a few large statements on one
     * core, and the kinds share no line (a claim is paid to the insured or to the provider).
     */
    private void sealAll(LocalDate day) {
        List<java.util.concurrent.Callable<Long>> seals = new ArrayList<>();
        for (String kind : PAYEE_KINDS) {
            seals.add(() -> sealBatch(day, kind));
        }
        inParallel("settlement-seal", seals);
    }

    /**
     * Runs the tasks on threads of their own and returns their results. A failure is thrown once every task has
     * ended, so that one task's failure never interrupts another in the middle of its transaction.
     */
    private static <T> List<T> inParallel(String threadName, List<java.util.concurrent.Callable<T>> tasks) {
        if (tasks.size() == 1) {
            try {
                return List.of(tasks.get(0).call());
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tasks.size(),
                runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<java.util.concurrent.Future<T>> running = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                running.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            Throwable failure = null;
            for (java.util.concurrent.Future<T> task : running) {
                try {
                    results.add(task.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
            if (failure != null) {
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(threadName + " interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    public RunReport report(LocalDate day, int priced) {
        List<Map<String, Object>> batches = jdbc.query("""
                select id, payee_kind, msg_id, status, nb_of_txs, ctrl_sum, sealed_at, file_name, file_sha256
                from payment_batch where settlement_date = ? order by id""", (rs, i) -> {
                    Map<String, Object> batch = new LinkedHashMap<>();
                    batch.put("batchId", rs.getLong(1));
                    batch.put("payeeKind", rs.getString(2));
                    batch.put("msgId", rs.getString(3));
                    batch.put("status", rs.getString(4));
                    batch.put("nbOfTxs", rs.getInt(5));
                    batch.put("ctrlSum", rs.getBigDecimal(6));
                    batch.put("sealedAt", rs.getTimestamp(7).toInstant().toString());
                    batch.put("file", rs.getString(8));
                    batch.put("sha256", rs.getString(9));
                    return batch;
                }, Date.valueOf(day));
        String status = jdbc.query("select status from settlement_run where settlement_date = ?",
                (rs, i) -> rs.getString(1), Date.valueOf(day)).stream().findFirst().orElse("NOT_RUN");
        Long waiting = jdbc.queryForObject("""
                select count(*) from settlement_line sl
                where sl.paid > 0 and not exists (select 1 from payment_line pl where pl.claim_id = sl.claim_id
                                                  and pl.line_no = sl.line_no and not pl.returned)""", Long.class);
        return new RunReport(day, status, priced, batches, waiting == null ? 0 : waiting);
    }

    // ------------------------------------------------------------------------------------------- pricing

    private LinePricer pricer() {
        List<RateTable.Rate> rows = jdbc.query("""
                select rate_set, regime, sector, line_type, ald_linked, generic, valid_from, valid_to, rate_pct,
                       confidence from ref_rate""", (rs, i) -> new RateTable.Rate(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), rs.getObject(7, LocalDate.class),
                rs.getObject(8, LocalDate.class), rs.getBigDecimal(9), rs.getString(10)));
        return new LinePricer(new RateTable(rows), tariffs(reference), rateSet, rounding);
    }

    /** The reference data as the pricer sees it. */
    public static LinePricer.Tariffs tariffs(ReferenceData reference) {
        return new LinePricer.Tariffs() {
            @Override
            public java.util.Optional<LinePricer.Tariff> tariff(String code, String sector, LocalDate date) {
                return reference.tariff(code, sector, date).map(t -> new LinePricer.Tariff(t.code(), t.sector(),
                        t.validFrom(), t.valueMad()));
            }

            @Override
            public java.util.Optional<LinePricer.Medicine> medicine(String ean13, LocalDate date) {
                return reference.medicine(ean13, date).map(m -> new LinePricer.Medicine(m.ean13(), m.validFrom(),
                        m.prixBr(), m.generic()));
            }
        };
    }

    private record ClaimHead(long id, String regime, String sector, Long decisionId, Integer aldGroup) {
    }

    /** Prices the lines of the next claims released before the end of {@code day}; returns how many claims. */
    int priceNextClaims(LocalDate day, int limit) {
        Timestamp endOfDay = Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant());
        return transaction.execute(status -> {
            List<Long> priced = price("""
                    c.settleable_since is not null and c.settleable_since < ? and c.priced_at is null
                    order by c.id limit ? for update skip locked""", null, endOfDay, limit);
            jdbc.update("update claim set priced_at = now() where id = any(?)", (Object) priced.toArray(Long[]::new));
            return priced.size();
        });
    }

    @Override
    public String doneMarker() {
        return "priced_at";
    }

    /**
     * Prices the claims the flagging stage releases, in its transaction (with {@code claims.settlement.price-on-release};
     * otherwise the daily run prices them).
     */
    @Override
    public List<Long> workOn(List<Long> accepted, List<Long> released, Map<Long, List<AcceptedLine>> lines,
            Map<Long, ma.cnss.claims.shared.IntakeHandover.HeldClaim> held) {
        if (!priceOnRelease || released.isEmpty()) {
            return List.of();
        }
        return price("c.id = any(?) and c.priced_at is null order by c.id", lines,
                (Object) released.toArray(Long[]::new));
    }

    /**
     * Prices every accepted line of the claims {@code which} selects (a condition on claim {@code c} with its
     * parameters), in the caller's transaction, and returns their ids; the caller sets {@code priced_at}.
     * {@code acceptedLines}: their lines when the caller read them already, or null.
     */
    private List<Long> price(String which, Map<Long, List<AcceptedLine>> acceptedLines, Object... parameters) {
        LinePricer pricer = pricer();
        Map<Long, ClaimHead> heads = new LinkedHashMap<>();
        jdbc.query("""
                select c.id, c.regime, c.sector, c.review_decision_id,
                       (select min(f.ald_group) from claim_flag f where f.claim_id = c.id and f.flag = 'ALD')
                from claim c
                where %s""".formatted(which), rs -> {
                    long decision = rs.getLong(4);
                    Long decisionId = rs.wasNull() ? null : decision;
                    int group = rs.getInt(5);
                    Integer aldGroup = rs.wasNull() ? null : group;
                    heads.put(rs.getLong(1), new ClaimHead(rs.getLong(1), rs.getString(2), rs.getString(3),
                            decisionId, aldGroup));
                }, parameters);
        if (heads.isEmpty()) {
            return List.of();
        }
        Long[] ids = heads.keySet().toArray(Long[]::new);
        Map<String, Object[]> adjustments = new HashMap<>();
        jdbc.query("""
                select a.claim_id, a.line_no, a.action, a.allowed_amount from review_line_adjustment a
                join claim c on c.id = a.claim_id and c.review_decision_id = a.decision_id
                where a.claim_id = any(?)""", rs -> {
                    adjustments.put(rs.getLong(1) + "|" + rs.getInt(2),
                            new Object[] {rs.getString(3), rs.getBigDecimal(4)});
                }, (Object) ids);
        CopyIn rows = new CopyIn("""
                settlement_line (claim_id, line_no, billed, considered, base, base_rule, tariff_ref,
                    reference_value, rate_ref, rate_pct, amount, penalty_pct, paid, patient_share, ald_group,
                    review_decision, rule_id, rule_version, note)""");
        Map<Long, List<AcceptedLine>> lines = acceptedLines != null ? acceptedLines : AcceptedLine.of(jdbc, ids);
        for (ClaimHead head : heads.values()) { // in claim order, each claim's lines in line order
            for (AcceptedLine line : lines.getOrDefault(head.id(), List.of())) {
                Object[] adjustment = adjustments.get(line.claimId() + "|" + line.lineNo());
                LinePricer.Priced priced = pricer.price(new LinePricer.Line(head.regime(), head.sector(),
                        line.lineType(), line.code(), line.quantity(), line.serviceDate(), line.billed(),
                        adjustment != null && "REDUCE".equals(adjustment[0]) ? (BigDecimal) adjustment[1] : null,
                        adjustment != null && "REJECT".equals(adjustment[0]), head.aldGroup() != null,
                        head.aldGroup(), line.latePenaltyPct()));
                rows.number(line.claimId()).number(line.lineNo()).decimal(priced.billed())
                        .decimal(priced.considered()).decimal(priced.base()).text(priced.baseRule())
                        .text(priced.tariffRef()).decimal(priced.referenceValue()).text(priced.rateRef())
                        .decimal(priced.ratePct()).decimal(priced.amount()).decimal(priced.penaltyPct())
                        .decimal(priced.paid()).decimal(priced.patientShare()).number(priced.aldGroup())
                        .number(head.decisionId()).text(LinePricer.RULE_ID).number(LinePricer.RULE_VERSION)
                        .text(priced.note()).endRow();
            }
        }
        rows.copy(jdbc);
        return List.of(ids);
    }

    // ------------------------------------------------------------------------------------------- batches

    /**
     * Builds, books and seals the day's batch for one payee kind, in one transaction; returns its id or null.
     * Set-based: the payable lines are gathered once in a temporary table and every row of the batch is written by
     * INSERT ... SELECT, so the seal's memory does not grow with the day (a million claims are about 3 million lines).
     */
    Long sealBatch(LocalDate day, String payeeKind) {
        Timestamp endOfDay = Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant());
        Long id = transaction.execute(status -> {
            // one builder at a time per day and payee kind, across instances (the run also holds the day's advisory
            // lock; the unique (settlement_date, payee_kind) refuses a second batch whatever happens): the two
            // kinds are sealed side by side
            jdbc.queryForObject("select settlement_date from settlement_run where settlement_date = ? for share",
                    Date.class, Date.valueOf(day));
            jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> { }, SEAL_LOCK_CLASS,
                    (int) day.toEpochDay() * 2 + (payeeKind.equals("INSURED") ? 0 : 1));
            if (!jdbc.queryForList("select id from payment_batch where settlement_date = ? and payee_kind = ?",
                    Long.class, Date.valueOf(day), payeeKind).isEmpty()) {
                return null;
            }
            boolean insured = payeeKind.equals("INSURED");
            jdbc.execute("""
                    create temporary table seal_payable (claim_id bigint, line_no integer, regime text,
                        creditor_ref text, rib text, paid numeric(14, 2)) on commit drop""");
            int lines = jdbc.update("insert into seal_payable select sl.claim_id, sl.line_no, c.regime, "
                    + (insured ? "c.insured_id, m.rib, sl.paid from settlement_line sl join claim c on c.id = sl.claim_id "
                            + "join member m on m.insured_id = c.insured_id and m.beneficiary_rank = 0"
                            : "c.provider_inpe, p.rib, sl.paid from settlement_line sl join claim c on c.id = sl.claim_id "
                                    + "join provider p on p.inpe = c.provider_inpe")
                    + """

                     where c.payee = ? and sl.paid > 0 and c.settleable_since < ? and %s is not null
                       and not exists (select 1 from payment_line pl where pl.claim_id = sl.claim_id
                                       and pl.line_no = sl.line_no and not pl.returned)""".formatted(
                            insured ? "m.rib" : "p.rib"), payeeKind, endOfDay);
            if (lines == 0) {
                return null;
            }
            jdbc.execute("analyze seal_payable");
            String msgId = "AMO-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + payeeKind.charAt(0);
            // one transfer per (regime, creditor, RIB): regimes are paid from their own accounts. Grouped once, here:
            // the batch's count(distinct (regime, creditor, RIB)) over the lines sorted every line by a record
            // (0.65 s of the 3 s seal of a national day's insured batch), then the transfers grouped them again
            jdbc.execute("""
                    create temporary table seal_transfer on commit drop as
                    select regime, creditor_ref, rib, sum(paid) amount,
                           row_number() over (order by regime collate "C", creditor_ref collate "C", rib collate "C") n
                    from seal_payable group by regime, creditor_ref, rib""");
            Long batchId = jdbc.queryForObject("""
                    insert into payment_batch (settlement_date, payee_kind, msg_id, status, nb_of_txs, ctrl_sum, sealed_at)
                    select ?, ?, ?, 'SEALED', count(*), sum(amount), date_trunc('second', now())
                    from seal_transfer returning id""", Long.class, Date.valueOf(day), payeeKind, msgId);
            int transfers = jdbc.update("""
                    insert into payment_transaction (batch_id, end_to_end_id, regime, creditor_kind, creditor_ref,
                                                     creditor_rib, amount)
                    select ?, ? || '-' || case when n < 1000000 then lpad(n::text, 6, '0') else n::text end,
                           regime, ?, creditor_ref, rib, amount
                    from seal_transfer
                    order by n""", batchId, msgId, payeeKind);
            jdbc.update("""
                    insert into payment_line (transaction_id, claim_id, line_no, amount)
                    select t.id, p.claim_id, p.line_no, p.paid
                    from seal_payable p join payment_transaction t on t.batch_id = ? and t.regime = p.regime
                         and t.creditor_ref = p.creditor_ref and t.creditor_rib = p.rib
                    order by t.id, p.claim_id, p.line_no""", batchId);
            // the ledger: expense per regime against the bank transfers sent (from the transfers, not the lines
            // again); the database checks it balances
            Long journal = jdbc.queryForObject("""
                    insert into ledger_journal (kind, batch_id, description) values ('BATCH_SEALED', ?, ?)
                    returning id""", Long.class, batchId, "Lot " + msgId);
            jdbc.update("""
                    insert into ledger_entry (journal_id, account, amount)
                    select ?, 'CLAIMS_EXPENSE:' || regime, sum(amount) from seal_transfer group by regime
                    union all select ?, 'BANK_TRANSFERS', -sum(amount) from seal_transfer""", journal, journal);
            LOG.info("Settlement {}: batch {} sealed, {} transfers, {} lines", day, msgId, transfers, lines);
            return batchId;
        });
        if (id != null) {
            crashPoints.after("settlement.sealed");
        }
        return id;
    }

    // ------------------------------------------------------------------------------------------- files

    /**
     * Writes every sealed batch not yet exported (this day's, or one a crash left behind). Each batch is written
     * while its row is locked, so that two runs or two instances never write the same file at once; a crash after
     * the file and before the commit only means the same bytes are written again.
     */
    public int exportSealedBatches() {
        List<Long> sealed = jdbc.queryForList("select id from payment_batch where status = 'SEALED' order by id",
                Long.class);
        int written = 0;
        for (long batchId : sealed) {
            Boolean done = transaction.execute(status -> {
                List<Map<String, Object>> locked = jdbc.queryForList("""
                        select settlement_date, msg_id from payment_batch where id = ? and status = 'SEALED'
                        for update skip locked""", batchId);
                if (locked.isEmpty()) {
                    return false; // exported meanwhile, or being written by another run
                }
                Path file = paymentsDir.resolve(locked.get(0).get("settlement_date").toString())
                        .resolve(locked.get(0).get("msg_id") + ".pain.001.xml");
                Written written1 = writeDurably(file, out -> writePain001(batchId, out));
                crashPoints.after("settlement.file-written");
                jdbc.update("""
                        update payment_batch set status = 'EXPORTED', file_name = ?, file_sha256 = ?, exported_at = now()
                        where id = ?""", paymentsDir.relativize(file).toString(), written1.sha256(), batchId);
                LOG.info("Payment file {} written ({} bytes)", file.getFileName(), written1.bytes());
                return true;
            });
            written += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return written;
    }

    /** The pain.001 of a sealed batch, from the database alone: the same batch always gives the same bytes. */
    public byte[] pain001(long batchId) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        transaction.executeWithoutResult(status -> writePain001(batchId, out));
        return out.toByteArray();
    }

    /**
     * Streams the pain.001 of a sealed batch: block headers from aggregates, then the transfers read with a cursor
     * (in the caller's transaction), so a batch of any size is written in constant memory.
     */
    void writePain001(long batchId, java.io.OutputStream out) {
        Map<String, Object> batch = jdbc.queryForMap("""
                select msg_id, sealed_at, settlement_date, nb_of_txs, ctrl_sum from payment_batch where id = ?""",
                batchId);
        LocalDate day = ((Date) batch.get("settlement_date")).toLocalDate();
        String msgId = (String) batch.get("msg_id");
        Map<String, PaymentFiles.BlockHeader> blocks = new TreeMap<>();
        jdbc.query("""
                select regime, count(*), sum(amount) from payment_transaction where batch_id = ? group by regime""",
                rs -> {
                    String regime = rs.getString(1);
                    blocks.put(regime, new PaymentFiles.BlockHeader(msgId + "-" + regime, "CNSS AMO " + regime,
                            debtorRib(regime), day, rs.getLong(2), rs.getBigDecimal(3)));
                }, batchId);
        JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(5_000);
        try (PaymentFiles.Pain001Writer writer = new PaymentFiles.Pain001Writer(out, msgId,
                ((Timestamp) batch.get("sealed_at")).toInstant(), ((Number) batch.get("nb_of_txs")).longValue(),
                (BigDecimal) batch.get("ctrl_sum"), "CNSS - Assurance maladie obligatoire")) {
            String[] current = {null};
            cursor.query("""
                    select t.regime, t.end_to_end_id, t.amount, t.creditor_kind, t.creditor_ref, t.creditor_rib,
                           (select count(*) from payment_line l where l.transaction_id = t.id)
                    from payment_transaction t where t.batch_id = ?
                    order by t.regime collate "C", t.end_to_end_id collate "C"
                    """, rs -> {
                        String regime = rs.getString(1);
                        if (!regime.equals(current[0])) {
                            writer.startBlock(blocks.get(regime));
                            current[0] = regime;
                        }
                        String creditor = rs.getString(4).equals("INSURED") ? "Assure AMO " + rs.getString(5)
                                : "Prestataire INPE " + rs.getString(5);
                        writer.transfer(new PaymentFiles.Transfer(rs.getString(2), rs.getBigDecimal(3), creditor,
                                rs.getString(6), "AMO " + day + " " + rs.getLong(7) + " ligne(s) " + rs.getString(2)));
                    }, batchId);
        }
    }

    private String debtorRib(String regime) {
        String rib = environment.getProperty("claims.settlement.debtor-rib." + regime.toLowerCase());
        if (rib == null || !rib.matches("^[0-9]{24}$")) {
            throw new IllegalStateException("claims.settlement.debtor-rib." + regime.toLowerCase()
                    + " must be the fund's 24-digit RIB for regime " + regime);
        }
        return rib;
    }

    private record Written(long bytes, String sha256) {
    }

    /**
     * Writes a payment file to a part file (hashing it on the way), forces it to disk, validates it against the
     * XSD, and only then renames it into place: a file that does not conform is never published.
     */
    private static Written writeDurably(Path file, java.util.function.Consumer<java.io.OutputStream> content) {
        Path part = file.resolveSibling(file.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(file.getParent());
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            long size;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    java.io.OutputStream out = new java.io.BufferedOutputStream(new java.security.DigestOutputStream(
                            java.nio.channels.Channels.newOutputStream(channel), sha), 1 << 16)) {
                content.accept(out);
                out.flush();
                channel.force(true);
                size = channel.size();
            }
            PaymentFiles.validatePain001(part);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(size, java.util.HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write payment file " + file.getFileName(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the part file is only litter; the batch stays SEALED and is written again
            }
            throw e;
        }
    }
}
