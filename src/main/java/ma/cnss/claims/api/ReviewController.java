package ma.cnss.claims.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.review.DecisionKind;
import ma.cnss.claims.review.ReviewReason;
import ma.cnss.claims.review.ReviewRefused;
import ma.cnss.claims.review.ReviewRules;
import ma.cnss.claims.review.ReviewService;
import ma.cnss.claims.review.ReviewState;
import ma.cnss.claims.security.StaffPrincipal;
import ma.cnss.claims.shared.Regime;
import ma.cnss.claims.shared.SafeCsv;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The adjusters' API (contract §4): the review queue, one claim with everything needed to decide, decisions, and
 * ALD recognitions about to expire. Adjusters and supervisors only; every call is in the audit trail.
 */
@RestController
@RequestMapping(value = "/api/v1/review", produces = "application/json")
public class ReviewController {

    private static final Set<String> FLAGS = Set.of("ALD", "POTENTIAL_ALD", "COSTLY_TOTAL", "COSTLY_INTENSIVE_CARE",
            "COSTLY_MEDICINE", "COSTLY_ROLLING_12M", "COSTLY_OUTLIER");

    private final ReviewService review;

    public ReviewController(ReviewService review) {
        this.review = review;
    }

    @GetMapping("/queue")
    public Map<String, Object> queue(@AuthenticationPrincipal StaffPrincipal principal, HttpServletRequest request,
            @RequestParam(required = false) String state, @RequestParam(required = false) String regime,
            @RequestParam(required = false) String flag, @RequestParam(required = false) String submitter,
            @RequestParam(required = false) String minAmount, @RequestParam(required = false) String maxAmount,
            @RequestParam(required = false) Integer minAgeHours, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        ReviewService.QueueFilter filter = filter(state, regime, flag, submitter, minAmount, maxAmount, minAgeHours,
                sort, limit, 500, offset);
        List<Map<String, Object>> items = review.queue(filter, actor(principal, request), request.getQueryString());
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("offset", offset);
        return page;
    }

    /** The queue as CSV for a spreadsheet (cells safe against formula injection); recorded as an export. */
    @SuppressWarnings("unchecked")
    @GetMapping(value = "/queue.csv", produces = "text/csv")
    public org.springframework.http.ResponseEntity<String> export(@AuthenticationPrincipal StaffPrincipal principal,
            HttpServletRequest request, @RequestParam(required = false) String state,
            @RequestParam(required = false) String regime, @RequestParam(required = false) String flag,
            @RequestParam(required = false) String submitter, @RequestParam(required = false) String minAmount,
            @RequestParam(required = false) String maxAmount, @RequestParam(required = false) Integer minAgeHours,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "10000") int limit) {
        ReviewService.QueueFilter filter = filter(state, regime, flag, submitter, minAmount, maxAmount, minAgeHours,
                sort, limit, 50_000, 0);
        StringBuilder csv = new StringBuilder(SafeCsv.row("claim_id", "claim_ref", "submitter_inpe", "regime",
                "review_state", "queued_at", "age_hours", "amount_mad", "flags"));
        for (Map<String, Object> item : review.export(filter, actor(principal, request), request.getQueryString())) {
            csv.append(SafeCsv.row(item.get("claimId"), item.get("claimRef"), item.get("submitterInpe"),
                    item.get("regime"), item.get("reviewState"), item.get("queuedAt"), item.get("ageHours"),
                    item.get("amount"), String.join(";", (List<String>) item.get("flags"))));
        }
        return org.springframework.http.ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"file-de-revue.csv\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .body(csv.toString());
    }

    private static ReviewService.QueueFilter filter(String state, String regime, String flag, String submitter,
            String minAmount, String maxAmount, Integer minAgeHours, String sort, int limit, int maxLimit,
            int offset) {
        List<ReviewState> states;
        if (state == null || state.isBlank()) {
            states = List.of(ReviewState.PENDING);
        } else if (state.equals("OPEN")) {
            states = List.of(ReviewState.PENDING, ReviewState.INCOMPLETE, ReviewState.AWAITING_CONFIRMATION);
        } else {
            states = List.of(parse(ReviewState.class, state, "state"));
        }
        if (regime != null && !regime.isBlank()) {
            parse(Regime.class, regime, "regime");
        }
        if (flag != null && !flag.isBlank() && !FLAGS.contains(flag)) {
            throw badRequest("flag", flag, FLAGS.toString());
        }
        if (submitter != null && !submitter.isBlank() && !submitter.matches("^[0-9]{1,20}$")) {
            throw badRequest("submitter", submitter, "un INPE (chiffres)");
        }
        if (sort != null && !Set.of("oldest", "newest", "amount").contains(sort)) {
            throw badRequest("sort", sort, "oldest, newest ou amount");
        }
        if (limit < 1 || limit > maxLimit || offset < 0 || (minAgeHours != null && minAgeHours < 0)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide",
                    "limit entre 1 et " + maxLimit + ", offset et minAgeHours positifs.");
        }
        return new ReviewService.QueueFilter(states, blankToNull(regime), blankToNull(flag), blankToNull(submitter),
                amount(minAmount, "minAmount"), amount(maxAmount, "maxAmount"), minAgeHours, sort, limit, offset);
    }

    @GetMapping("/claims/{id}")
    public Map<String, Object> open(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal principal,
            HttpServletRequest request) {
        return review.open(id, actor(principal, request));
    }

    @PostMapping(value = "/claims/{id}/decision", consumes = "application/json")
    public ReviewService.DecisionResult decide(@PathVariable long id, @RequestBody JsonNode body,
            @AuthenticationPrincipal StaffPrincipal principal, HttpServletRequest request) {
        DecisionKind kind = body.hasNonNull("decision") ? parse(DecisionKind.class, body.get("decision").asText(),
                "decision") : null;
        List<ReviewRules.LineAction> lines = new ArrayList<>();
        JsonNode lineNodes = body.path("lines");
        if (!lineNodes.isMissingNode() && !lineNodes.isNull() && !lineNodes.isArray()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Décision invalide", "lines doit être un tableau.");
        }
        if (lineNodes.size() > 1000) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Décision invalide", "1000 lignes au plus.");
        }
        for (JsonNode line : lineNodes) {
            if (!line.path("lineNo").canConvertToInt()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Décision invalide",
                        "lines[].lineNo : numéro de ligne entier attendu.");
            }
            ReviewReason reason = line.hasNonNull("reason")
                    ? parse(ReviewReason.class, line.get("reason").asText(), "lines[].reason") : null;
            lines.add(new ReviewRules.LineAction(line.get("lineNo").asInt(), line.path("action").asText(null),
                    reason, line.hasNonNull("allowedAmount") ? amount(line.get("allowedAmount").asText(),
                            "lines[].allowedAmount") : null, line.path("justification").asText(null)));
        }
        return review.decide(id, new ReviewService.Decision(kind, lines, body.path("comment").asText(null),
                body.path("missingDocument").asText(null)), actor(principal, request));
    }

    @GetMapping("/ald-expiring")
    public Map<String, Object> aldExpiring(@RequestParam(required = false) Integer withinDays,
            @AuthenticationPrincipal StaffPrincipal principal, HttpServletRequest request) {
        return Map.of("items", review.aldExpiring(withinDays, actor(principal, request)));
    }

    @ExceptionHandler(ReviewRefused.class)
    public org.springframework.http.ResponseEntity<org.springframework.http.ProblemDetail> refused(ReviewRefused e) {
        HttpStatus status = switch (e.kind()) {
            case WRONG_STATE -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ROLE, FOUR_EYES -> HttpStatus.FORBIDDEN;
        };
        String title = switch (e.kind()) {
            case WRONG_STATE -> "Décision impossible dans cet état";
            case INVALID -> "Décision invalide";
            case ROLE -> "Rôle insuffisant";
            case FOUR_EYES -> "Double validation requise";
        };
        return new ApiErrors().problem(new ApiProblem(status, title, e.getMessage()));
    }

    @ExceptionHandler(ReviewService.NotInReview.class)
    public org.springframework.http.ResponseEntity<org.springframework.http.ProblemDetail> notInReview(
            ReviewService.NotInReview e) {
        return new ApiErrors().problem(new ApiProblem(HttpStatus.NOT_FOUND, "Introuvable", e.getMessage()));
    }

    static ReviewService.Actor actor(StaffPrincipal principal, HttpServletRequest request) {
        return new ReviewService.Actor(principal.username(), Set.copyOf(principal.roles()), request.getRemoteAddr());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw badRequest(field, value, Arrays.toString(type.getEnumConstants()));
        }
    }

    private static BigDecimal amount(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!text.matches("^[0-9]{1,12}(\\.[0-9]{1,2})?$")) {
            throw badRequest(field, text, "un montant en MAD, au centime (ex. 1250.50)");
        }
        return new BigDecimal(text);
    }

    private static ApiProblem badRequest(String field, String value, String expected) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Paramètre invalide",
                field + " = « " + shown + " » : attendu " + expected + ".");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
