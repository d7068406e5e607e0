package ma.cnss.claims.api;

import java.net.URI;
import ma.cnss.claims.intake.ClaimFileIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every error of /api as application/problem+json, with a detail in French; never a stack trace. */
@RestControllerAdvice(basePackages = "ma.cnss.claims.api")
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiProblem.class)
    public ResponseEntity<ProblemDetail> problem(ApiProblem problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
        }
        return response.body(body(problem.status(), problem.title(), problem.getMessage()));
    }

    @ExceptionHandler(ClaimFileIntake.IdempotencyConflictException.class)
    public ResponseEntity<ProblemDetail> idempotencyConflict(ClaimFileIntake.IdempotencyConflictException e) {
        return ResponseEntity.unprocessableEntity().body(body(HttpStatus.UNPROCESSABLE_ENTITY,
                "Clé d'idempotence déjà utilisée", "Cette Idempotency-Key a déjà servi pour la soumission "
                        + e.submissionId() + " avec un autre contenu. Utilisez une nouvelle clé pour un nouveau fichier."));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    public ResponseEntity<ProblemDetail> databaseDown(Exception e) {
        LOG.warn("Database unavailable for an API call: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(body(HttpStatus.SERVICE_UNAVAILABLE, "Service momentanément indisponible",
                        "La base de données ne répond pas ; rien n'a été enregistré. Réessayez dans 30 secondes "
                                + "avec la même Idempotency-Key."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(body(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Type de contenu non accepté", "Content-Type text/csv ou application/fhir+json attendu."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> badId(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body(HttpStatus.NOT_FOUND, "Introuvable",
                "Aucune soumission de ce déposant ne porte cet identifiant."));
    }

    static ProblemDetail body(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
