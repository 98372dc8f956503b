package io.coinlens.portfolio.web;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Problem details for everything a controller throws. Validation failures name each field; other errors say what
 * went wrong without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final long maxRequestBody;

    ApiExceptionHandler(PortfolioProperties properties) {
        this.maxRequestBody = properties.limits().maxRequestBody().toBytes();
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<ApiProblem.FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getFieldErrors()) {
            errors.add(new ApiProblem.FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getGlobalErrors().forEach(e -> errors.add(new ApiProblem.FieldProblem(e.getObjectName(), e.getDefaultMessage())));
        return invalidFields(ex, errors, headers, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<ApiProblem.FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new ApiProblem.FieldProblem(
                        error instanceof FieldError field ? field.getField() : result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage()))));
        return invalidFields(ex, errors, headers, exchange);
    }

    /** Unreadable bodies: name the field whose value had the wrong type, if Jackson knows it. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (rootCause(ex, DataBufferLimitException.class) != null) {
            return tooLarge(ex, exchange);
        }
        JacksonException databind = rootCause(ex, JacksonException.class);
        if (databind != null && !databind.getPath().isEmpty()) {
            String field = fieldPath(databind);
            return invalidFields(ex, List.of(new ApiProblem.FieldProblem(field, "has a value of the wrong type or format")),
                    headers, exchange);
        }
        org.springframework.core.MethodParameter parameter = ex.getMethodParameter();
        if (parameter != null && parameter.getParameterName() != null && databind == null
                && !parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
            return invalidFields(ex, List.of(new ApiProblem.FieldProblem(parameter.getParameterName(),
                    "is missing or malformed")), headers, exchange);
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing or is not valid JSON.");
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    Mono<ResponseEntity<Object>> handleBufferLimit(DataBufferLimitException ex, ServerWebExchange exchange) {
        return tooLarge(ex, exchange);
    }

    /** Unavailable infrastructure (database, Redis) is a temporary condition, not a bug. */
    @ExceptionHandler(DataAccessResourceFailureException.class)
    Mono<ResponseEntity<Object>> handleInfrastructureDown(DataAccessResourceFailureException ex, ServerWebExchange exchange) {
        logger.warn("Dependency unavailable: " + ex.getMessage());
        ApiProblem problem = ApiProblem.unavailable("The service is temporarily unavailable. Try again shortly.",
                Duration.ofSeconds(5));
        return handleExceptionInternal(ex, problem.getBody(), problem.getHeaders(), problem.getStatusCode(), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem) {
            ProblemWriter.identify(problem, exchange);
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    private Mono<ResponseEntity<Object>> tooLarge(Exception ex, ServerWebExchange exchange) {
        ApiProblem problem = ApiProblem.payloadTooLarge(maxRequestBody);
        return handleExceptionInternal(ex, problem.getBody(), new HttpHeaders(), problem.getStatusCode(), exchange);
    }

    private Mono<ResponseEntity<Object>> invalidFields(Exception ex, List<ApiProblem.FieldProblem> errors,
            HttpHeaders headers, ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, exchange);
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        ex.getPath().forEach(ref -> {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        });
        return path.toString();
    }

    private static <T extends Throwable> T rootCause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
