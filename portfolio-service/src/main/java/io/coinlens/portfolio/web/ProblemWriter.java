package io.coinlens.portfolio.web;

import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Map;

/**
 * Writes problem+json where no controller is involved: security entry points and the last-resort exception handler.
 * Uses WebFlux's own codecs, so these bodies look exactly like those of controller errors.
 */
@Component
public class ProblemWriter {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final ServerCodecConfigurer codecs;

    ProblemWriter(ServerCodecConfigurer codecs) {
        this.codecs = codecs;
    }

    /** Names the request a problem belongs to, so a report can be matched with the logs. */
    static void identify(ProblemDetail problem, ServerWebExchange exchange) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        String requestId = exchange.getResponse().getHeaders().getFirst(RequestIdWebFilter.HEADER);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, ProblemDetail problem, HttpHeaders headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        identify(problem, exchange);
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        @SuppressWarnings("unchecked")
        HttpMessageWriter<ProblemDetail> writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(w -> w.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("no JSON writer for problem details"));
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
