package ma.cnss.claims.api;

import org.springframework.http.HttpStatus;

/** An error answered as application/problem+json (RFC 9457) with a French detail. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Long retryAfterSeconds;

    public ApiProblem(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiProblem(HttpStatus status, String title, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
