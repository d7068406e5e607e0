package ma.cnss.claims.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.security.StaffPrincipal;
import ma.cnss.claims.settlement.BankReturns;
import ma.cnss.claims.settlement.Reconciliation;
import ma.cnss.claims.settlement.SettlementService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settlement officers (contract §4): run a settlement day, read its batches and pain.001 files, reconcile, apply a
 * bank's pain.002 status report.
 */
@RestController
@RequestMapping("/api/v1/settlements")
public class SettlementController {

    private final SettlementService settlement;
    private final Reconciliation reconciliation;
    private final BankReturns bankReturns;
    private final JdbcTemplate jdbc;
    private final ma.cnss.claims.reliability.InvariantChecker invariants;

    public SettlementController(SettlementService settlement, Reconciliation reconciliation, BankReturns bankReturns,
            JdbcTemplate jdbc, ma.cnss.claims.reliability.InvariantChecker invariants) {
        this.invariants = invariants;
        this.settlement = settlement;
        this.reconciliation = reconciliation;
        this.bankReturns = bankReturns;
        this.jdbc = jdbc;
    }

    @PostMapping(value = "/{date}/run", produces = "application/json")
    public SettlementService.RunReport run(@PathVariable String date,
            @AuthenticationPrincipal StaffPrincipal principal) {
        LocalDate day = day(date);
        if (day.isAfter(settlement.today())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Date future",
                    "On ne liquide pas une journée qui n'a pas commencé : " + day + ".");
        }
        return settlement.run(day, principal.username());
    }

    @GetMapping(value = "/{date}", produces = "application/json")
    public SettlementService.RunReport get(@PathVariable String date) {
        return settlement.report(day(date), 0);
    }

    @GetMapping(value = "/{date}/batches/{batchId}/pain001", produces = "application/xml")
    public ResponseEntity<byte[]> pain001(@PathVariable String date, @PathVariable long batchId) {
        List<String> msgIds = jdbc.queryForList(
                "select msg_id from payment_batch where id = ? and settlement_date = ?", String.class, batchId,
                java.sql.Date.valueOf(day(date)));
        if (msgIds.isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "Introuvable", "Aucun lot " + batchId + " le " + date + ".");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header("Content-Disposition", "attachment; filename=\"" + msgIds.get(0) + ".pain.001.xml\"")
                .body(settlement.pain001(batchId));
    }

    @GetMapping(value = "/reconciliation", produces = "application/json")
    public Reconciliation.Report reconcile() {
        return reconciliation.run();
    }

    /** The invariant checker (issue 9's judge): every promise, with where it is broken. */
    @GetMapping(value = "/invariants", produces = "application/json")
    public ma.cnss.claims.reliability.InvariantChecker.Report invariants(
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean idle) {
        return invariants.check(idle);
    }

    @PostMapping(value = "/bank-status", consumes = {"application/xml", "text/xml"}, produces = "application/json")
    public BankReturns.Applied bankStatus(@RequestBody byte[] pain002) {
        if (pain002.length > 50 * 1024 * 1024) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Fichier trop volumineux", "50 Mo au plus.");
        }
        try {
            return bankReturns.apply(pain002);
        } catch (BankReturns.ReportRefused e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Rapport pain.002 refusé", e.getMessage());
        }
    }

    private static LocalDate day(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Date invalide", "AAAA-MM-JJ attendu : « "
                    + (date.length() > 20 ? date.substring(0, 20) : date) + " ».");
        }
    }

}
