package ma.cnss.claims.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class SettlementIntegrationTest extends IntegrationTest {

    /** Each test settles its own days (the database is shared by the JVM's tests). */
    private static final AtomicInteger NEXT_DAY = new AtomicInteger(20);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ma.cnss.claims.shared.CrashPoints crashPoints;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    SettlementService settlement;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    BankReturns bankReturns;

    @Value("${claims.settlement.payments-dir}")
    String paymentsDir;

    @Value("${claims.embedded-db.active-port:}")
    String embeddedPort;

    @AfterEach
    void noCrashes() {
        crashPoints.hook(null);
    }

    private static LocalDate newDay() {
        return LocalDate.now().plusDays(NEXT_DAY.getAndIncrement());
    }

    /** Unflagged consultations (J06.9), paid to the insured: released to settlement at once. */
    private String lastKey;

    private List<Long> releasedClaims(int count) throws Exception {
        String submitter = String.valueOf(670_000_000 + (int) (System.nanoTime() % 1_000_000));
        lastKey = apiKeys.issue(submitter).key();
        ClaimCsv csv = ClaimCsv.file();
        for (int i = 0; i < count; i++) {
            csv.row(ReviewFixtures.consultationRows("S" + System.nanoTime() % 100000 + "-" + i, "J06.9"));
        }
        return ReviewFixtures.submitAndFlag(port, jdbc, lastKey, csv);
    }

    private long livePayments(long claimId) {
        return jdbc.queryForObject("select count(*) from payment_line where claim_id = ? and not returned", Long.class,
                claimId);
    }

    @Test
    void aSettlementDayPaysEveryReleasedLineOnceInAnXsdValidPain001ThatMatchesTheDatabase() throws Exception {
        List<Long> claims = releasedClaims(3);
        LocalDate day = newDay();

        SettlementService.RunReport report = settlement.run(day, "test");

        assertThat(report.status()).isEqualTo("DONE");
        for (long claim : claims) {
            Map<String, Object> line = jdbc.queryForMap("""
                    select base, rate_pct, paid, patient_share, rule_id, rule_version, tariff_ref, rate_ref
                    from settlement_line where claim_id = ?""", claim);
            assertThat((BigDecimal) line.get("paid")).isEqualByComparingTo("105.00");
            assertThat((BigDecimal) line.get("patient_share")).isEqualByComparingTo("95.00");
            assertThat(line.get("rule_id")).isEqualTo("AMO-PRICING-4.8");
            assertThat((String) line.get("tariff_ref")).startsWith("C/PRIVATE/");
            assertThat((String) line.get("rate_ref")).startsWith("DEFAULT/");
            assertThat(livePayments(claim)).isEqualTo(1);
        }
        Map<String, Object> batch = jdbc.queryForMap("""
                select id, msg_id, nb_of_txs, ctrl_sum, file_name, status from payment_batch
                where settlement_date = ? and payee_kind = 'INSURED'""", java.sql.Date.valueOf(day));
        assertThat(batch.get("status")).isEqualTo("EXPORTED");
        byte[] file = Files.readAllBytes(Path.of(paymentsDir).resolve((String) batch.get("file_name")));
        assertThat(PaymentFiles.pain001Problem(file)).isNull();
        String xml = new String(file, StandardCharsets.UTF_8);
        Map<String, Object> sums = jdbc.queryForMap("""
                select count(*) n, sum(amount) s from payment_transaction where batch_id = ?""", batch.get("id"));
        assertThat(xml).contains("<NbOfTxs>" + sums.get("n") + "</NbOfTxs>")
                .contains("<CtrlSum>" + ((BigDecimal) sums.get("s")).toPlainString() + "</CtrlSum>")
                .contains("<MsgId>" + batch.get("msg_id") + "</MsgId>").contains("Ccy=\"MAD\"");
        assertThat(((Number) batch.get("nb_of_txs")).longValue()).isEqualTo(((Number) sums.get("n")).longValue());
        // written again from the sealed batch: the same bytes
        assertThat(settlement.pain001(((Number) batch.get("id")).longValue())).isEqualTo(file);
        assertThat(reconciliation.run().differences()).isEmpty();
    }

    @Test
    void runningTheSameDayAgainAddsNothing() throws Exception {
        releasedClaims(2);
        LocalDate day = newDay();
        settlement.run(day, "test");
        Map<String, Object> before = jdbc.queryForMap("""
                select (select count(*) from payment_batch) batches, (select count(*) from payment_line) lines,
                       (select count(*) from ledger_entry) entries""");

        releasedClaims(1); // released after the day's run: for a later day
        settlement.run(day, "test");

        assertThat(jdbc.queryForMap("""
                select (select count(*) from payment_batch) batches, (select count(*) from payment_line) lines,
                       (select count(*) from ledger_entry) entries""")).isEqualTo(before);
    }

    @Test
    void aFlaggedClaimIsNotPaidBeforeItsReviewDecision() throws Exception {
        String submitter = String.valueOf(680_000_000 + (int) (System.nanoTime() % 1_000_000));
        long flagged = ReviewFixtures.submitAndFlag(port, jdbc, apiKeys.issue(submitter).key(),
                ClaimCsv.file().row(ReviewFixtures.consultationRows("FL-1", "E11.9"))).get(0);

        settlement.run(newDay(), "test");

        assertThat(jdbc.queryForObject("select count(*) from settlement_line where claim_id = ?", Long.class, flagged))
                .isZero();
        assertThatThrownBy(() -> jdbc.update("update claim set settleable_since = now() where id = ?", flagged))
                .hasMessageContaining("claim_held_until_reviewed");
    }

    @Test
    void aCrashBetweenSealingABatchAndWritingItsFileLosesNothingAndPaysNothingTwice() throws Exception {
        List<Long> claims = releasedClaims(2);
        LocalDate day = newDay();
        crashPoints.hook(step -> {
            if (step.equals("settlement.sealed")) {
                throw new IllegalStateException("crash injected after the seal");
            }
        });
        assertThatThrownBy(() -> settlement.run(day, "test")).hasMessageContaining("crash injected");
        assertThat(jdbc.queryForObject("select count(*) from payment_batch where settlement_date = ? and "
                + "status = 'SEALED'", Long.class, java.sql.Date.valueOf(day))).isEqualTo(1);

        crashPoints.hook(null); // the restart
        settlement.run(day, "test");

        assertThat(jdbc.queryForObject("select count(*) from payment_batch where settlement_date = ? and "
                + "status <> 'EXPORTED'", Long.class, java.sql.Date.valueOf(day))).isZero();
        for (long claim : claims) {
            assertThat(livePayments(claim)).isEqualTo(1);
        }
        assertThat(reconciliation.run().differences()).isEmpty();
    }

    @Test
    void theDatabaseRefusesASecondPaymentOfALineAnUnbalancedJournalAndAChangeToASealedBatch() throws Exception {
        long claim = releasedClaims(1).get(0);
        LocalDate day = newDay();
        settlement.run(day, "test");
        long tx = jdbc.queryForObject("select transaction_id from payment_line where claim_id = ?", Long.class, claim);
        long batch = jdbc.queryForObject("select batch_id from payment_transaction where id = ?", Long.class, tx);

        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource()));
        // a sealed batch gets no new transfer or line
        assertThatThrownBy(() -> jdbc.update("""
                insert into payment_transaction (batch_id, end_to_end_id, regime, creditor_kind, creditor_ref,
                    creditor_rib, amount) values (?, 'INTRUDER-1', 'TADAMON', 'INSURED', 'x', ?, 1.00)""", batch,
                "9".repeat(24))).rootCause().hasMessageContaining("sealed payment batch");
        // even in a batch of its own, a line already paid cannot be paid a second time
        LocalDate otherDay = newDay();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("insert into settlement_run (settlement_date, status, started_by) values (?, 'RUNNING', 't')",
                    java.sql.Date.valueOf(otherDay));
            long other = jdbc.queryForObject("""
                    insert into payment_batch (settlement_date, payee_kind, msg_id, status, nb_of_txs, ctrl_sum, sealed_at)
                    values (?, 'INSURED', ?, 'SEALED', 1, 105.00, now()) returning id""", Long.class,
                    java.sql.Date.valueOf(otherDay), "DOUBLE-" + otherDay);
            long otherTx = jdbc.queryForObject("""
                    insert into payment_transaction (batch_id, end_to_end_id, regime, creditor_kind, creditor_ref,
                        creditor_rib, amount) values (?, ?, 'TADAMON', 'INSURED', 'x', ?, 105.00) returning id""",
                    Long.class, other, "DOUBLE-" + otherDay + "-1", "9".repeat(24));
            jdbc.update("insert into payment_line (transaction_id, claim_id, line_no, amount) values (?, ?, 1, 105.00)",
                    otherTx, claim);
        })).rootCause().hasMessageContaining("payment_line_paid_once");
        assertThatThrownBy(() -> jdbc.update("update payment_batch set ctrl_sum = ctrl_sum + 1 where id = ?", batch))
                .rootCause().hasMessageContaining("is sealed");
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    long journal = jdbc.queryForObject("insert into ledger_journal (kind, batch_id, description) "
                            + "values ('TRANSFER_RETURNED', ?, 'test') returning id", Long.class, batch);
                    jdbc.update("insert into ledger_entry (journal_id, account, amount) values (?, 'X', 10.00)",
                            journal);
                })).rootCause().hasMessageContaining("does not balance");
    }

    @Test
    void aTamperedAmountIsReportedWithItsBatchAndLineToTheCentime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(embeddedPort.isEmpty(), "needs the embedded superuser");
        long claim = releasedClaims(1).get(0);
        settlement.run(newDay(), "test");
        assertThat(reconciliation.run().differences()).isEmpty();
        try (Connection superuser = DriverManager.getConnection("jdbc:postgresql://localhost:" + embeddedPort
                + "/postgres", "postgres", "");
                Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica"); // past the triggers, as an intruder would
            sql.executeUpdate("update payment_line set amount = amount + 0.01 where claim_id = " + claim);
            try {
                Reconciliation.Report report = reconciliation.run();
                assertThat(report.differences()).extracting(Reconciliation.Difference::check)
                        .contains("LINE_PAYMENT_EQUALS_PRICED_AMOUNT", "TRANSFER_EQUALS_ITS_LINES");
                Reconciliation.Difference line = report.differences().stream()
                        .filter(d -> d.check().equals("LINE_PAYMENT_EQUALS_PRICED_AMOUNT")).findFirst().orElseThrow();
                assertThat(line.claimId()).isEqualTo(claim);
                assertThat(line.lineNo()).isEqualTo(1);
                assertThat(line.differenceCentimes()).isEqualTo(1);
                assertThat(line.msgId()).startsWith("AMO-");
            } finally {
                sql.executeUpdate("update payment_line set amount = amount - 0.01 where claim_id = " + claim);
            }
        }
        assertThat(reconciliation.run().differences()).isEmpty();
    }

    @Test
    void aBankRejectionMakesExactlyThoseLinesPayableAgainOnceAndApplyingItTwiceChangesNothing() throws Exception {
        List<Long> claims = releasedClaims(2);
        LocalDate day = newDay();
        settlement.run(day, "test");
        Map<String, Object> rejected = jdbc.queryForMap("""
                select t.id, t.end_to_end_id, b.msg_id from payment_transaction t join payment_batch b on b.id = t.batch_id
                join payment_line l on l.transaction_id = t.id where l.claim_id = ?""", claims.get(0));
        byte[] report = pain002("BANK-" + System.nanoTime(), (String) rejected.get("msg_id"),
                (String) rejected.get("end_to_end_id"));

        BankReturns.Applied applied = bankReturns.apply(report);
        BankReturns.Applied again = bankReturns.apply(report);

        assertThat(applied.transfersRejected()).isEqualTo(1);
        assertThat(again.alreadyApplied()).isTrue();
        assertThat(livePayments(claims.get(0))).isZero();
        assertThat(livePayments(claims.get(1))).isEqualTo(1);
        assertThat(reconciliation.run().differences()).isEmpty();

        settlement.run(newDay(), "test"); // the next day pays the returned line again, once
        assertThat(livePayments(claims.get(0))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from payment_line where claim_id = ?", Long.class,
                claims.get(0))).isEqualTo(2);
        assertThat(reconciliation.run().differences()).isEmpty();
    }

    @Test
    void aStatusReportNamingAnUnknownTransferIsRefusedWhole() throws Exception {
        releasedClaims(1);
        LocalDate day = newDay();
        settlement.run(day, "test");
        String msgId = jdbc.queryForObject("select msg_id from payment_batch where settlement_date = ? limit 1",
                String.class, java.sql.Date.valueOf(day));

        assertThatThrownBy(() -> bankReturns.apply(pain002("BANK-X" + System.nanoTime(), msgId, "NOT-A-TRANSFER")))
                .hasMessageContaining("NOT-A-TRANSFER");
        assertThatThrownBy(() -> bankReturns.apply("<Document><oops/></Document>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("pain.002");
    }

    static byte[] pain002(String msgId, String originalMsgId, String endToEndId) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.11">
                  <CstmrPmtStsRpt>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>2026-11-23T09:00:00Z</CreDtTm></GrpHdr>
                    <OrgnlGrpInfAndSts><OrgnlMsgId>%s</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.10</OrgnlMsgNmId>
                      <GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
                    <OrgnlPmtInfAndSts><OrgnlPmtInfId>%s-TADAMON</OrgnlPmtInfId>
                      <TxInfAndSts><OrgnlEndToEndId>%s</OrgnlEndToEndId><TxSts>RJCT</TxSts>
                        <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
                    </OrgnlPmtInfAndSts>
                  </CstmrPmtStsRpt>
                </Document>
                """).formatted(msgId, originalMsgId, originalMsgId, endToEndId).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachSettledClaimHasAClaimResponseAndAnExplanationOfBenefitWithItsAdjudication() throws Exception {
        long claim = releasedClaims(1).get(0);
        settlement.run(newDay(), "test");
        var fhir = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser();
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + path)).header("Authorization", "Bearer " + lastKey).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        var response = get.apply("/fhir/ClaimResponse/cr-" + claim);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var claimResponse = fhir.parseResource(org.hl7.fhir.r4.model.ClaimResponse.class, response.body());
        var adjudication = claimResponse.getItemFirstRep().getAdjudication();
        java.util.function.Function<String, org.hl7.fhir.r4.model.ClaimResponse.AdjudicationComponent> category =
                code -> adjudication.stream().filter(a -> a.getCategory().getCodingFirstRep().getCode().equals(code))
                        .findFirst().orElseThrow();
        assertThat(category.apply("submitted").getAmount().getValue()).isEqualByComparingTo("200.00");
        assertThat(category.apply("eligible").getAmount().getValue()).isEqualByComparingTo("150.00");
        assertThat(category.apply("eligpercent").getValue()).isEqualByComparingTo("70.00");
        assertThat(category.apply("benefit").getAmount().getValue()).isEqualByComparingTo("105.00");
        assertThat(category.apply("benefit").getReason().getCodingFirstRep().getCode()).isEqualTo("ABOVE_REFERENCE");
        assertThat(claimResponse.getPayment().getAmount().getValue()).isEqualByComparingTo("105.00");
        assertThat(claimResponse.getOutcome().toCode()).isEqualTo("partial");

        String patient = claimResponse.getPatient().getReference();
        var search = get.apply("/fhir/ExplanationOfBenefit?patient=" + patient);
        var bundle = fhir.parseResource(org.hl7.fhir.r4.model.Bundle.class, search.body());
        assertThat(bundle.getEntry()).hasSize(1);
        var eob = (org.hl7.fhir.r4.model.ExplanationOfBenefit) bundle.getEntryFirstRep().getResource();
        assertThat(eob.getClaimResponse().getReference()).isEqualTo("ClaimResponse/cr-" + claim);
        assertThat(eob.getTotal()).anySatisfy(t -> assertThat(t.getAmount().getValue()).isEqualByComparingTo("105.00"));
        // a claim priced on release but not in a run yet: adjudicated, not paid
        long pending = releasedClaims(1).get(0);
        settlement.priceNextReleased(); // or the pricing route got there first
        var unpaid = get.apply("/fhir/ClaimResponse/cr-" + pending);
        assertThat(unpaid.statusCode()).isEqualTo(200);
        var unpaidResponse = fhir.parseResource(org.hl7.fhir.r4.model.ClaimResponse.class, unpaid.body());
        assertThat(unpaidResponse.getTotal()).anySatisfy(t -> assertThat(t.getAmount().getValue())
                .isEqualByComparingTo("105.00"));
        assertThat(unpaidResponse.hasPayment()).isFalse();
    }

    @Autowired
    ma.cnss.claims.security.StaffAccounts accounts;

    @Test
    void settlementOfficersRunDaysReadFilesAndReconcileOverTheApiAndNobodyElseDoes() throws Exception {
        releasedClaims(1);
        LocalDate day = newDay();
        settlement.run(day, "test");
        var http = new ma.cnss.claims.support.StaffHttp(port);
        String officer = http.signIn(ma.cnss.claims.support.StaffHttp.newUser(accounts, "pay", "SETTLEMENT_OFFICER"));
        String adjuster = http.signIn(ma.cnss.claims.support.StaffHttp.newUser(accounts, "adj", "ADJUSTER"));
        LocalDate past = LocalDate.now().minusDays(400 + NEXT_DAY.getAndIncrement());

        assertThat(http.send("POST", "/api/v1/settlements/" + past + "/run", adjuster, null).statusCode()).isEqualTo(403);
        assertThat(http.send("POST", "/api/v1/settlements/" + past + "/run", lastKey, null).statusCode()).isEqualTo(403);
        var run = http.send("POST", "/api/v1/settlements/" + past + "/run", officer, null);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(http.json(run).path("status").asText()).isEqualTo("DONE");
        assertThat(http.send("POST", "/api/v1/settlements/" + LocalDate.now().plusDays(3) + "/run", officer, null)
                .statusCode()).isEqualTo(422);

        var report = http.get("/api/v1/settlements/" + day, officer);
        long batchId = http.json(report).path("batches").get(0).path("batchId").asLong();
        var file = http.get("/api/v1/settlements/" + day + "/batches/" + batchId + "/pain001", officer);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        String stored = jdbc.queryForObject("select file_name from payment_batch where id = ?", String.class, batchId);
        assertThat(file.body()).isEqualTo(Files.readString(Path.of(paymentsDir).resolve(stored)));
        var reconciled = http.get("/api/v1/settlements/reconciliation", officer);
        assertThat(http.json(reconciled).path("differences")).isEmpty();
        var badReport = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/settlements/bank-status"))
                .header("Authorization", "Bearer " + officer).header("Content-Type", "application/xml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e "
                        + "SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(badReport.statusCode()).isEqualTo(422);
        assertThat(badReport.body()).doesNotContain("root:");
    }

    @Test
    void aProcessKilledBetweenSealingABatchAndWritingItsFileIsRecoveredByTheNextRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(embeddedPort.isEmpty(), "needs the embedded database's port");
        List<Long> claims = releasedClaims(2);
        LocalDate day = newDay();
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dclaims.settlement.crash-at=sealed", "-Dclaims.settlement.payments-dir=" + paymentsDir,
                "-cp", System.getProperty("java.class.path"), "ma.cnss.claims.ClaimsApplication", "settle", "--date",
                day.toString()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("settle-child", ".log").toFile());
        child.environment().put("CLAIMS_DB_URL", "jdbc:postgresql://localhost:" + embeddedPort + "/postgres");
        child.environment().put("CLAIMS_DB_USER", "amo_app");
        child.environment().put("CLAIMS_DB_MIGRATION_USER", "postgres");
        Process process = child.start();
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as("killed right after the seal").isEqualTo(137);
        assertThat(jdbc.queryForList("select status from payment_batch where settlement_date = ?", String.class,
                java.sql.Date.valueOf(day))).containsOnly("SEALED");

        settlement.run(day, "restart"); // the service after the restart

        assertThat(jdbc.queryForList("select status from payment_batch where settlement_date = ?", String.class,
                java.sql.Date.valueOf(day))).containsOnly("EXPORTED");
        for (long claim : claims) {
            assertThat(livePayments(claim)).isEqualTo(1);
        }
        assertThat(reconciliation.run().differences()).isEmpty();
    }

    @Test
    void twoRunsOfTheSameDayAtOnceMakeOneBatchPerPayeeAndPayEachLineOnce() throws Exception {
        List<Long> claims = releasedClaims(3);
        LocalDate day = newDay();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> settlement.run(day, "instance-1"));
            var second = pool.submit(() -> settlement.run(day, "instance-2"));
            assertThat(List.of(first.get(120, java.util.concurrent.TimeUnit.SECONDS).status(),
                    second.get(120, java.util.concurrent.TimeUnit.SECONDS).status())).contains("DONE");
        } finally {
            pool.shutdownNow();
        }

        assertThat(jdbc.queryForList("select payee_kind from payment_batch where settlement_date = ?", String.class,
                java.sql.Date.valueOf(day))).doesNotHaveDuplicates().isNotEmpty();
        for (long claim : claims) {
            assertThat(livePayments(claim)).isEqualTo(1);
        }
        assertThat(reconciliation.run().differences()).isEmpty();
    }
}
