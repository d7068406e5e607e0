package ma.cnss.claims.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.support.ClaimCsv;
import ma.cnss.claims.support.IntegrationTest;
import ma.cnss.claims.support.ReviewFixtures;
import ma.cnss.claims.support.StaffHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The adjusters' console end to end in a real headless Chromium (Debian chromium + chromium-driver). Skipped on a
 * developer machine without them; in CI (CI=true) their absence fails the build instead.
 */
class ReviewConsoleBrowserTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    StaffAccounts accounts;

    WebDriver browser;
    WebDriverWait wait;
    Path profile;
    String submitter;
    String clinicKey;

    @BeforeEach
    void startBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI needs Debian chromium and chromium-driver (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "chromium and chromedriver not installed");
        profile = Files.createTempDirectory("amo-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=fr-MA", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        submitter = String.valueOf(660_000_000 + (int) (System.nanoTime() % 1_000_000));
        clinicKey = apiKeys.issue(submitter).key();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(new File(profile.toString()));
        }
    }

    private void signIn(String username) {
        browser.get("http://localhost:" + port + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(StaffHttp.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-view")));
    }

    private List<WebElement> filterQueue(String state) {
        new Select(browser.findElement(By.id("filter-state"))).selectByValue(state);
        WebElement field = browser.findElement(By.id("filter-submitter"));
        field.clear();
        field.sendKeys(submitter);
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.attributeContains(By.id("queue"), "data-shown", "submitter=" + submitter));
        return browser.findElements(By.cssSelector("#queue tbody tr"));
    }

    private void openFirst(List<WebElement> rows, long expectedClaimId) {
        assertThat(rows.get(0).getAttribute("data-claim-id")).isEqualTo(String.valueOf(expectedClaimId));
        rows.get(0).findElement(By.cssSelector("button.open-claim")).click();
        wait.until(ExpectedConditions.textToBe(By.id("claim-id"), String.valueOf(expectedClaimId)));
    }

    private String decisionMessage(String button, String expectedElement) {
        browser.findElement(By.id(button)).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(expectedElement))).getText();
    }

    @Test
    void anAdjusterSignsInOpensTheOldestFlaggedClaimApprovesItAndItMovesOnToSettlement() throws Exception {
        long oldest = ReviewFixtures.submitAndFlag(port, jdbc, clinicKey,
                ClaimCsv.file().row(ReviewFixtures.consultationRows("B-1", "E11.9"))).get(0);
        ReviewFixtures.submitAndFlag(port, jdbc, clinicKey,
                ClaimCsv.file().row(ReviewFixtures.consultationRows("B-2", "E11.9")));
        String adjuster = StaffHttp.newUser(accounts, "console-adj", "ADJUSTER");

        signIn(adjuster);
        openFirst(filterQueue("PENDING"), oldest);
        assertThat(browser.findElement(By.id("claim-flags")).getText()).contains("POTENTIAL_ALD");
        String message = decisionMessage("approve", "decision-result");

        assertThat(message).contains("transmis à la liquidation");
        assertThat(browser.findElement(By.id("claim-state")).getAttribute("data-state")).isEqualTo("DECIDED");
        Map<String, Object> claim = jdbc.queryForMap(
                "select review_state, settleable_since from claim where id = ?", oldest);
        assertThat(claim.get("review_state")).isEqualTo("DECIDED");
        assertThat(claim.get("settleable_since")).as("released to settlement").isNotNull();
        assertThat(jdbc.queryForObject("select decided_by from review_decision where claim_id = ?", String.class,
                oldest)).isEqualTo(adjuster);
    }

    @Test
    void fourEyesRefusesASelfConfirmationAndAcceptsAnotherSupervisors() throws Exception {
        long claimId = ReviewFixtures.submitAndFlag(port, jdbc, clinicKey, ClaimCsv.file().validClaim("B-4E")).get(0);
        String first = StaffHttp.newUser(accounts, "console-sup", "SUPERVISOR");
        String second = StaffHttp.newUser(accounts, "console-sup", "SUPERVISOR");

        signIn(first);
        openFirst(filterQueue("PENDING"), claimId);
        assertThat(decisionMessage("approve", "decision-result")).contains("en attente de confirmation");
        String refusal = decisionMessage("confirm", "decision-error");

        assertThat(refusal).contains("Double validation").contains(first);
        assertThat(jdbc.queryForObject("select review_state from claim where id = ?", String.class, claimId))
                .isEqualTo("AWAITING_CONFIRMATION");

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-view")));
        signIn(second);
        openFirst(filterQueue("AWAITING_CONFIRMATION"), claimId);
        assertThat(decisionMessage("confirm", "decision-result")).contains("transmis à la liquidation");
        assertThat(jdbc.queryForObject("select review_state from claim where id = ?", String.class, claimId))
                .isEqualTo("DECIDED");
    }
}
