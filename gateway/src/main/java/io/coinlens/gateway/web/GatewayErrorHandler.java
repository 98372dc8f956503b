package io.coinlens.gateway.web;

import io.coinlens.starter.RequestIdWebFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last stop for any error nothing else answered: problem+json with a detail chosen by status, never the
 * exception's message or stack trace (those go to the log, with the request id). Runs before Boot's handler.
 */
public final class GatewayErrorHandler implements ErrorWebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    private final ProblemWriter problems;

    public GatewayErrorHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        HttpStatusCode status;
        HttpHeaders extra = new HttpHeaders();
        if (failure instanceof AuthenticationServiceException) {
            // The token could not be checked (JWKS unreachable, no keys yet): not the client's fault, retry later.
            status = HttpStatus.SERVICE_UNAVAILABLE;
        } else if (failure instanceof ErrorResponse error) {
            status = error.getStatusCode();
            extra.addAll(error.getHeaders());
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.is5xxServerError()) {
            log.error("{} {} failed with {} (request {})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), status.value(),
                    exchange.getResponse().getHeaders().getFirst(RequestIdWebFilter.HEADER), failure);
        }
        String detail = failure instanceof AuthenticationServiceException
                ? "Access tokens cannot be checked right now. Try again shortly."
                : detail(status);
        return problems.write(exchange, status, detail, headers -> {
            extra.forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                    headers.put(name, values);
                }
            });
            if (status.value() == 503 && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
                headers.set(HttpHeaders.RETRY_AFTER, "5");
            }
        });
    }

    static String detail(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "The request is malformed.";
            case 404 -> "Nothing is routed at this path.";
            case 405 -> "This path does not accept that method.";
            case 413 -> "The request body is too large.";
            case 415 -> "This media type is not accepted here.";
            case 502 -> "The service gave an answer the gateway could not pass on.";
            case 503 -> "The service is unavailable right now. Try again later.";
            case 504 -> "The service did not answer in time.";
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                if (status.is5xxServerError() || known == null) {
                    yield "Something went wrong at the gateway.";
                }
                yield known.getReasonPhrase() + ".";
            }
        };
    }
}
