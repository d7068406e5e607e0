package ma.cnss.claims.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.settlement.SettlementService;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class InvariantCheckerIntegrationTest extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    SettlementService settlement;

    @Autowired
    InvariantChecker checker;

    @Test
    void afterIntakeValidationAndSettlementEveryInvariantHolds() throws Exception {
        String submitter = String.valueOf(695_000_000 + (int) (System.nanoTime() % 1_000_000));
        ReviewFixtures.submitAndFlag(port, jdbc, apiKeys.issue(submitter).key(), ClaimCsv.file()
                .row(ReviewFixtures.consultationRows("INV-1", "J06.9")).validClaim("INV-2"));
        settlement.run(LocalDate.now().plusDays(500 + (int) (System.nanoTime() % 100)), "test");

        InvariantChecker.Report report = checker.check(false);

        assertThat(report.violations()).isEmpty();
        assertThat(report.claims()).isPositive();
        assertThat(report.paidLines()).isPositive();
    }

    @Test
    void aSubmissionWhoseCountsDoNotAddUpIsReportedWithItsId() throws Exception {
        String submitter = String.valueOf(696_000_000 + (int) (System.nanoTime() % 1_000_000));
        long claim = ReviewFixtures.submitAndFlag(port, jdbc, apiKeys.issue(submitter).key(),
                ClaimCsv.file().row(ReviewFixtures.consultationRows("INV-3", "J06.9"))).get(0);
        long submission = jdbc.queryForObject("select submission_id from claim where id = ?", Long.class, claim);
        jdbc.update("update submission set claims_accepted = claims_accepted - 1, claims_rejected = claims_rejected + 1 "
                + "where id = ?", submission);
        try {
            assertThat(checker.check(false).violations()).anySatisfy(v -> {
                assertThat(v.invariant()).isEqualTo("ACCEPTED_PLUS_REJECTED_EQUALS_DECLARED");
                assertThat(v.where()).isEqualTo("submission " + submission);
            });
        } finally {
            jdbc.update("update submission set claims_accepted = claims_accepted + 1, "
                    + "claims_rejected = claims_rejected - 1 where id = ?", submission);
        }
        assertThat(checker.check(false).violations()).isEmpty();
    }
}
