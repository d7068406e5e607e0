package ma.cnss.claims.settlement;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * When the day's settlement is due: from {@code claims.settlement.daily-at} (local time, Casablanca) until it is
 * done. Checked every minute by the settlement route, so a run missed while the service was down happens as soon
 * as it is back; a finished day is never run again.
 */
@Service
public class SettlementSchedule {

    private final SettlementService settlement;
    private final Reconciliation reconciliation;
    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final LocalTime dailyAt;
    private final ZoneId zone;

    public SettlementSchedule(SettlementService settlement, Reconciliation reconciliation, JdbcTemplate jdbc,
            @Value("${claims.settlement.schedule-enabled:true}") boolean enabled,
            @Value("${claims.settlement.daily-at:20:00}") String dailyAt,
            @Value("${claims.settlement.zone:Africa/Casablanca}") String zone) {
        this.settlement = settlement;
        this.reconciliation = reconciliation;
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.dailyAt = LocalTime.parse(dailyAt);
        this.zone = ZoneId.of(zone);
    }

    /** Prices the next claims released so far, ahead of the run (route {@code settlement-pricing}). */
    public int priceReleased() {
        return settlement.priceNextReleased();
    }

    /** Runs today's settlement when due and not done; returns whether it ran. */
    public boolean runIfDue() {
        if (!enabled) {
            return false;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        LocalDate today = now.toLocalDate();
        if (now.toLocalTime().isBefore(dailyAt)) {
            return false;
        }
        boolean done = jdbc.queryForObject("""
                select exists (select 1 from settlement_run where settlement_date = ? and status = 'DONE')""",
                Boolean.class, java.sql.Date.valueOf(today));
        if (done) {
            return false;
        }
        settlement.run(today, "schedule");
        reconciliation.run(); // every scheduled day ends reconciled; a difference raises an alert
        return true;
    }
}
