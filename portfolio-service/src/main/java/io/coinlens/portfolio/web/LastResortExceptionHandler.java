package io.coinlens.portfolio.web;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Problem details for errors no controller handled (filters, unknown routes, bugs), ahead of Boot's own handler,
 * which would answer in its own JSON shape. A 5xx is logged with its stack trace; the client gets none.
 */
@Component
@Order(-2)
class LastResortExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LastResortExceptionHandler.class);

    private final ProblemWriter writer;
    private final long maxRequestBody;

    LastResortExceptionHandler(ProblemWriter writer, PortfolioProperties properties) {
        this.writer = writer;
        this.maxRequestBody = properties.limits().maxRequestBody().toBytes();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ErrorResponse error;
        if (ex instanceof ErrorResponse response) {
            error = response;
        } else if (ex instanceof DataBufferLimitException) {
            error = ApiProblem.payloadTooLarge(maxRequestBody);
        } else if (ex instanceof DataAccessResourceFailureException) {
            log.warn("Dependency unavailable on {}: {}", exchange.getRequest().getPath(), ex.getMessage());
            error = ApiProblem.unavailable("The service is temporarily unavailable. Try again shortly.", Duration.ofSeconds(5));
        } else {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.");
            return writer.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, problem, new HttpHeaders());
        }
        if (error.getStatusCode().is5xxServerError() && !(ex instanceof DataAccessResourceFailureException)) {
            log.error("Error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        }
        return writer.write(exchange, error.getStatusCode(), copy(error.getBody()), error.getHeaders());
    }

    /** Framework exceptions share no state across requests, but their bodies are mutable: don't touch them. */
    private static ProblemDetail copy(ProblemDetail body) {
        ProblemDetail copy = ProblemDetail.forStatus(body.getStatus());
        copy.setType(body.getType());
        copy.setTitle(body.getTitle());
        copy.setDetail(body.getDetail());
        copy.setInstance(body.getInstance());
        if (body.getProperties() != null) {
            body.getProperties().forEach(copy::setProperty);
        }
        return copy;
    }
}
