package ma.cnss.claims.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import ma.cnss.claims.support.StaffHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class ReviewApiIntegrationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    StaffAccounts accounts;

    StaffHttp http;
    String clinicKey;
    String submitter;
    String adjuster;
    String supervisor1;
    String supervisor2;

    @BeforeEach
    void staff() throws Exception {
        http = new StaffHttp(port);
        submitter = String.valueOf(640_000_000 + (int) (System.nanoTime() % 1_000_000));
        clinicKey = apiKeys.issue(submitter).key();
        adjuster = http.signIn(StaffHttp.newUser(accounts, "adj", "ADJUSTER"));
        supervisor1 = http.signIn(StaffHttp.newUser(accounts, "sup", "SUPERVISOR"));
        supervisor2 = http.signIn(StaffHttp.newUser(accounts, "sup", "SUPERVISOR"));
    }

    private List<Long> submit(ClaimCsv csv) throws Exception {
        return ReviewFixtures.submitAndFlag(port, jdbc, clinicKey, csv);
    }

    private HttpResponse<String> decide(String token, long claimId, String body) throws Exception {
        return http.send("POST", "/api/v1/review/claims/" + claimId + "/decision", token, body);
    }

    private Map<String, Object> claimRow(long claimId) {
        return jdbc.queryForMap("select review_state, settleable_since, review_decision_id, deadline_paused_days, "
                + "incomplete_since from claim where id = ?", claimId);
    }

    @Test
    void aFlaggedClaimWaitsInTheQueueWhileAnUnflaggedOneGoesStraightOn() throws Exception {
        List<Long> ids = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("Q-1", "E11.9"))
                .row(ReviewFixtures.consultationRows("Q-2", "J06.9")));

        assertThat(claimRow(ids.get(0))).containsEntry("review_state", "PENDING").containsEntry("settleable_since", null);
        assertThat(claimRow(ids.get(1))).containsEntry("review_state", "NOT_REQUIRED");
        assertThat(claimRow(ids.get(1)).get("settleable_since")).isNotNull();
        JsonNode queue = http.json(http.get("/api/v1/review/queue?submitter=" + submitter, adjuster));
        assertThat(queue.path("items")).hasSize(1);
        assertThat(queue.path("items").get(0).path("claimId").asLong()).isEqualTo(ids.get(0));
        assertThat(queue.path("items").get(0).path("flags").get(0).asText()).isEqualTo("POTENTIAL_ALD");
        assertThat(queue.path("items").get(0).path("amount").decimalValue()).isEqualByComparingTo("200.00");
    }

    @Test
    void theQueueIsOldestFirstAndFiltersByRegimeFlagSubmitterAndAmount() throws Exception {
        List<Long> first = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("F-1", "E11.9")));
        List<Long> second = submit(ClaimCsv.file().validClaim("F-2"));

        JsonNode all = http.json(http.get("/api/v1/review/queue?submitter=" + submitter, adjuster)).path("items");
        assertThat(List.of(all.get(0).path("claimId").asLong(), all.get(1).path("claimId").asLong()))
                .containsExactly(first.get(0), second.get(0));
        JsonNode newest = http.json(http.get("/api/v1/review/queue?sort=newest&submitter=" + submitter, adjuster));
        assertThat(newest.path("items").get(0).path("claimId").asLong()).isEqualTo(second.get(0));
        assertThat(http.json(http.get("/api/v1/review/queue?minAmount=300&submitter=" + submitter, adjuster))
                .path("items")).hasSize(1);
        assertThat(http.json(http.get("/api/v1/review/queue?maxAmount=300&submitter=" + submitter, adjuster))
                .path("items").get(0).path("claimId").asLong()).isEqualTo(first.get(0));
        assertThat(http.json(http.get("/api/v1/review/queue?regime=TNS&submitter=" + submitter, adjuster))
                .path("items")).isEmpty();
        assertThat(http.json(http.get("/api/v1/review/queue?flag=COSTLY_TOTAL&submitter=" + submitter, adjuster))
                .path("items")).isEmpty();
        assertThat(http.json(http.get("/api/v1/review/queue?flag=POTENTIAL_ALD&submitter=" + submitter, adjuster))
                .path("items")).hasSize(2);
        HttpResponse<String> badRegime = http.get("/api/v1/review/queue?regime=RAMED", adjuster);
        assertThat(badRegime.statusCode()).isEqualTo(400);
        assertThat(badRegime.body()).contains("regime").contains("RAMED");
    }

    @Test
    void openingAClaimShowsItsFhirClaimFlagsLinesHistoryAndDeadline() throws Exception {
        long claimId = submit(ClaimCsv.file().validClaim("O-1")).get(0);

        HttpResponse<String> opened = http.get("/api/v1/review/claims/" + claimId, adjuster);

        assertThat(opened.statusCode()).isEqualTo(200);
        JsonNode view = http.json(opened);
        assertThat(view.path("fhirClaim").path("resourceType").asText()).isEqualTo("Claim");
        assertThat(view.path("flags").get(0).path("flag").asText()).isEqualTo("POTENTIAL_ALD");
        assertThat(view.path("flags").get(0).path("reason").asText()).contains("groupe ALD");
        assertThat(view.path("lines")).hasSize(2);
        assertThat(view.path("acceptedAmount").decimalValue()).isEqualByComparingTo("410.00");
        assertThat(view.path("patient").path("id").asText()).startsWith("pat-");
        assertThat(view.path("recentClaims").isArray()).isTrue();
        assertThat(view.path("aldRecognitions").isArray()).isTrue();
        LocalDate care = LocalDate.parse(view.path("lines").get(0).path("serviceDate").asText());
        assertThat(view.path("filingClock").path("filingDeadline").asText()).isEqualTo(care.plusDays(60).toString());
    }

    @Test
    void approvingReleasesTheClaimToSettlementAndRecordsWhoAndWhen() throws Exception {
        long claimId = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("A-1", "E11.9"))).get(0);

        HttpResponse<String> approved = decide(adjuster, claimId, "{\"decision\":\"APPROVE\",\"comment\":\"RAS\"}");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(http.json(approved).path("reviewState").asText()).isEqualTo("DECIDED");
        assertThat(http.json(approved).path("releasedToSettlement").asBoolean()).isTrue();
        assertThat(claimRow(claimId).get("settleable_since")).isNotNull();
        Map<String, Object> decision = jdbc.queryForMap(
                "select kind, decided_by, decided_at, approved_amount from review_decision where claim_id = ?", claimId);
        assertThat(decision.get("kind")).isEqualTo("APPROVE");
        assertThat((String) decision.get("decided_by")).startsWith("adj-");
        assertThat(decision.get("decided_at")).isNotNull();
        assertThat(decision.get("approved_amount").toString()).isEqualTo("200.00");
        // decided: no second decision
        assertThat(decide(adjuster, claimId, "{\"decision\":\"APPROVE\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void anAdjusterRejectsALineWithAReasonAndLowersAnotherWithAJustification() throws Exception {
        long claimId = submit(ClaimCsv.file().validClaim("L-1")).get(0);

        HttpResponse<String> missingJustification = decide(adjuster, claimId, """
                {"decision":"APPROVE","lines":[{"lineNo":1,"action":"REDUCE","reason":"AMOUNT_ABOVE_USUAL",
                 "allowedAmount":"150.00"}]}""");
        assertThat(missingJustification.statusCode()).isEqualTo(422);
        assertThat(missingJustification.body()).contains("Ligne 1").contains("justification");
        assertThat(decide(adjuster, claimId, """
                {"decision":"APPROVE","lines":[{"lineNo":1,"action":"REDUCE","reason":"AMOUNT_ABOVE_USUAL",
                 "allowedAmount":"250.00","justification":"x"}]}""").statusCode()).isEqualTo(422);
        assertThat(decide(adjuster, claimId, """
                {"decision":"APPROVE","lines":[{"lineNo":9,"action":"REJECT","reason":"OTHER"}]}""").statusCode())
                .isEqualTo(422);

        HttpResponse<String> approved = decide(adjuster, claimId, """
                {"decision":"APPROVE","lines":[
                  {"lineNo":1,"action":"REDUCE","reason":"AMOUNT_ABOVE_USUAL","allowedAmount":"150.00",
                   "justification":"Consultation facturée au-delà du tarif conventionnel."},
                  {"lineNo":2,"action":"REJECT","reason":"NOT_MEDICALLY_JUSTIFIED"}]}""");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(http.json(approved).path("approvedAmount").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(http.json(approved).path("reviewState").asText()).isEqualTo("DECIDED");
        JsonNode lines = http.json(http.get("/api/v1/review/claims/" + claimId, adjuster)).path("lines");
        assertThat(lines.get(0).path("adjustment").path("action").asText()).isEqualTo("REDUCE");
        assertThat(lines.get(0).path("adjustment").path("allowedAmount").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(lines.get(1).path("adjustment").path("action").asText()).isEqualTo("REJECT");
        assertThat(lines.get(1).path("adjustment").path("reason").asText()).isEqualTo("NOT_MEDICALLY_JUSTIFIED");
    }

    @Test
    void aboveTheFourEyesAmountASecondDifferentSupervisorMustConfirm() throws Exception {
        long claimId = submit(ClaimCsv.file().validClaim("E-1")).get(0); // 410.00 > 400.00 in the tests

        HttpResponse<String> approved = decide(supervisor1, claimId, "{\"decision\":\"APPROVE\"}");
        assertThat(http.json(approved).path("reviewState").asText()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(http.json(approved).path("requiresConfirmation").asBoolean()).isTrue();
        assertThat(claimRow(claimId).get("settleable_since")).isNull();

        HttpResponse<String> self = decide(supervisor1, claimId, "{\"decision\":\"CONFIRM\"}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.body()).contains("Double validation");
        assertThat(decide(adjuster, claimId, "{\"decision\":\"CONFIRM\"}").statusCode()).isEqualTo(403);
        assertThat(claimRow(claimId)).containsEntry("review_state", "AWAITING_CONFIRMATION");

        HttpResponse<String> confirmed = decide(supervisor2, claimId, "{\"decision\":\"CONFIRM\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(claimRow(claimId)).containsEntry("review_state", "DECIDED");
        assertThat(claimRow(claimId).get("settleable_since")).isNotNull();
    }

    @Test
    void theDatabaseItselfRefusesASelfConfirmation() throws Exception {
        long claimId = submit(ClaimCsv.file().validClaim("E-2")).get(0);
        decide(supervisor1, claimId, "{\"decision\":\"APPROVE\"}");
        long approval = jdbc.queryForObject("select id from review_decision where claim_id = ?", Long.class, claimId);
        String author = jdbc.queryForObject("select decided_by from review_decision where id = ?", String.class, approval);

        assertThatThrownBy(() -> jdbc.update("""
                insert into review_decision (claim_id, kind, decided_by, decided_role, answers_decision)
                values (?, 'CONFIRM', ?, 'SUPERVISOR', ?)""", claimId, author, approval))
                .hasMessageContaining("four eyes");
    }

    @Test
    void aSupervisorMayReturnAnApprovalToTheQueueWithAComment() throws Exception {
        long claimId = submit(ClaimCsv.file().validClaim("R-1")).get(0);
        decide(adjuster, claimId, "{\"decision\":\"APPROVE\"}");

        assertThat(decide(supervisor1, claimId, "{\"decision\":\"RETURN\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> returned = decide(supervisor1, claimId,
                "{\"decision\":\"RETURN\",\"comment\":\"Vérifier l'ordonnance.\"}");
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(200);
        assertThat(claimRow(claimId)).containsEntry("review_state", "PENDING");
        // decided again, then confirmed by someone else than the new approval's author
        decide(adjuster, claimId, "{\"decision\":\"APPROVE\",\"lines\":[{\"lineNo\":2,\"action\":\"REJECT\","
                + "\"reason\":\"MISSING_DOCUMENT\"}]}");
        assertThat(claimRow(claimId)).containsEntry("review_state", "DECIDED");
    }

    @Test
    void aMissingDocumentPutsTheClaimOnHoldAndStopsTheFilingClock() throws Exception {
        long claimId = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("D-1", "E11.9"))).get(0);

        assertThat(decide(adjuster, claimId, "{\"decision\":\"REQUEST_DOCUMENT\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> requested = decide(adjuster, claimId,
                "{\"decision\":\"REQUEST_DOCUMENT\",\"missingDocument\":\"Ordonnance originale\"}");
        assertThat(http.json(requested).path("reviewState").asText()).isEqualTo("INCOMPLETE");
        assertThat(claimRow(claimId).get("incomplete_since")).isNotNull();
        assertThat(decide(adjuster, claimId, "{\"decision\":\"APPROVE\"}").statusCode()).isEqualTo(409);
        String before = http.json(http.get("/api/v1/review/claims/" + claimId, adjuster)).path("filingClock")
                .path("filingDeadline").asText();

        // four days later the document arrives
        jdbc.update("update claim set incomplete_since = incomplete_since - interval '4 days' where id = ?", claimId);
        HttpResponse<String> received = decide(adjuster, claimId, "{\"decision\":\"DOCUMENT_RECEIVED\"}");

        assertThat(http.json(received).path("reviewState").asText()).isEqualTo("PENDING");
        assertThat(claimRow(claimId)).containsEntry("deadline_paused_days", 5).containsEntry("incomplete_since", null);
        String after = http.json(http.get("/api/v1/review/claims/" + claimId, adjuster)).path("filingClock")
                .path("filingDeadline").asText();
        assertThat(LocalDate.parse(after)).isEqualTo(LocalDate.parse(before).plusDays(5));
    }

    @Test
    void aClaimOutsideTheQueueCanBeLookedAtButNotDecided() throws Exception {
        long unflagged = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("N-1", "J06.9"))).get(0);
        // the beneficiary's other claims are linked from the claim view
        assertThat(http.get("/api/v1/review/claims/" + unflagged, adjuster).statusCode()).isEqualTo(200);
        assertThat(decide(adjuster, unflagged, "{\"decision\":\"APPROVE\"}").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/review/claims/999999999", adjuster).statusCode()).isEqualTo(404);
    }

    @Test
    void theQueueExportsAsSafeCsvAndTheExportIsAudited() throws Exception {
        long claimId = submit(ClaimCsv.file().row(ReviewFixtures.consultationRows("X-1", "E11.9"))).get(0);

        HttpResponse<String> csv = http.get("/api/v1/review/queue.csv?submitter=" + submitter, adjuster);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(2);
        assertThat(csv.body()).startsWith("claim_id,claim_ref,submitter_inpe").contains(claimId + ",X-1," + submitter);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'export' and query like ?",
                Long.class, "%submitter=" + submitter + "%")).isEqualTo(1L);
    }
}
