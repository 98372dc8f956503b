package io.coinlens.portfolio.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;

/** A failure the client can act on, rendered as RFC 9457 problem+json. */
public class ApiProblem extends ErrorResponseException {

    /** One invalid field of a request, named the way the client sent it. */
    public record FieldProblem(String field, String message) {
    }

    /** One rejected row of a CSV import (1-based, the header is row 1). */
    public record RowProblem(int row, String field, String message) {
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

    public static ApiProblem invalidRows(List<RowProblem> errors) {
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST,
                "The CSV has " + errors.size() + " invalid row(s); nothing was imported.");
        problem.getBody().setProperty("errors", List.copyOf(errors));
        return problem;
    }

    /** The request is well-formed but breaks a rule of the ledger, e.g. selling more than is held. */
    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
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
