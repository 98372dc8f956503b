package io.coinlens.users.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;

/** A failure the client can act on, rendered as RFC 9457 problem+json by {@link ApiExceptionHandler}. */
public class ApiProblem extends ErrorResponseException {

    /** One invalid field of a request, named the way the client sent it. */
    public record FieldProblem(String field, String message) {
    }

    private ApiProblem(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    public static ApiProblem invalidField(String field, String message) {
        return invalidFields(List.of(new FieldProblem(field, message)));
    }

    public static ApiProblem invalidFields(List<FieldProblem> errors) {
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.getBody().setProperty("errors", List.copyOf(errors));
        return problem;
    }

    public static ApiProblem unauthorized(String detail) {
        ApiProblem problem = new ApiProblem(HttpStatus.UNAUTHORIZED, detail);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return problem;
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiProblem tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed attempts. Try again in " + seconds + " seconds.");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problem.getBody().setProperty("retryAfterSeconds", seconds);
        return problem;
    }

    public static ApiProblem payloadTooLarge(long maxBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes.");
    }

    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return problem;
    }
}
