package io.coinlens.gateway.web;

import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes an RFC 9457 {@code application/problem+json} answer: status, title, a detail written for the client (never
 * an exception message), the path, and the request id to quote when asking for help.
 */
public final class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        return write(exchange, status, detail, headers -> {
        });
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail,
            Consumer<HttpHeaders> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        HttpHeaders responseHeaders = response.getHeaders();
        responseHeaders.remove(HttpHeaders.CONTENT_LENGTH);
        responseHeaders.remove(HttpHeaders.CONTENT_ENCODING);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.accept(responseHeaders);
        byte[] body = body(status.value(), detail, exchange.getRequest().getPath().value(),
                responseHeaders.getFirst(RequestIdWebFilter.HEADER));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    /** The problem document itself; {@code requestId} may be null. */
    public byte[] body(int status, String detail, String instance, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        HttpStatus known = HttpStatus.resolve(status);
        problem.put("title", known != null ? known.getReasonPhrase() : "Error");
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        return json.writeValueAsBytes(problem);
    }
}
