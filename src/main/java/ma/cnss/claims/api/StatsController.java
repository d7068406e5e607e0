package ma.cnss.claims.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.metrics.DailyStatistics;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/stats/daily?from=&to=}: daily statistics as JSON, or CSV with {@code Accept: text/csv}. */
@RestController
@RequestMapping("/api/v1/stats")
public class StatsController {

    private final DailyStatistics statistics;

    public StatsController(DailyStatistics statistics) {
        this.statistics = statistics;
    }

    @GetMapping(value = "/daily", produces = "application/json")
    public Map<String, Object> daily(@RequestParam String from, @RequestParam String to) {
        return Map.of("items", rows(from, to));
    }

    @GetMapping(value = "/daily", produces = "text/csv")
    public ResponseEntity<String> dailyCsv(@RequestParam String from, @RequestParam String to) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"statistiques-" + from + "-" + to + ".csv\"")
                .body(statistics.csv(rows(from, to)));
    }

    private List<Map<String, Object>> rows(String from, String to) {
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(from);
            end = LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide", "from et to : dates AAAA-MM-JJ.");
        }
        if (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) > 3660) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide",
                    "to doit suivre from, sur dix ans au plus.");
        }
        return statistics.between(start, end);
    }
}
