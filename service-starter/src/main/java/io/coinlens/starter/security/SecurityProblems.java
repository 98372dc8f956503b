package io.coinlens.starter.security;

import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Map;

/**
 * 401 and 403 as RFC 9457 problem+json with a {@code WWW-Authenticate} challenge (RFC 6750), written with WebFlux's
 * own codecs so they look like every other error of the service.
 */
public final class SecurityProblems {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final ServerCodecConfigurer codecs;

    public SecurityProblems(ServerCodecConfigurer codecs) {
        this.codecs = codecs;
    }

    public ServerAuthenticationEntryPoint entryPoint() {
        return (exchange, failure) -> {
            BearerTokenError error = failure instanceof OAuth2AuthenticationException oauth
                    && oauth.getError() instanceof BearerTokenError bearer ? bearer : null;
            HttpStatus status = error != null ? error.getHttpStatus() : HttpStatus.UNAUTHORIZED;
            String challenge = error == null ? "Bearer" : "Bearer error=\"" + error.getErrorCode() + "\"";
            String detail = error == null ? "This needs an access token: send Authorization: Bearer <token>."
                    : status == HttpStatus.BAD_REQUEST ? "The access token was sent incompletely or more than once."
                            : "The access token is invalid or expired.";
            return write(exchange, status, detail, challenge);
        };
    }

    /**
     * A token that could not be checked at all (user-service's JWKS unreachable and no keys cached) is the service's
     * problem, not the client's: 503 with Retry-After, not 401. Anything else is the entry point's 401.
     */
    public ServerAuthenticationFailureHandler failureHandler() {
        ServerAuthenticationEntryPoint entryPoint = entryPoint();
        return (filterExchange, failure) -> {
            ServerWebExchange exchange = filterExchange.getExchange();
            if (failure instanceof AuthenticationServiceException) {
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                return write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                        "Access tokens cannot be verified right now. Try again shortly.", "Bearer");
            }
            return entryPoint.commence(exchange, failure);
        };
    }

    public ServerAccessDeniedHandler accessDeniedHandler() {
        return (exchange, denied) -> write(exchange, HttpStatus.FORBIDDEN, "This account may not do that.",
                "Bearer error=\"insufficient_scope\"");
    }

    Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, String challenge) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        String requestId = response.getHeaders().getFirst(RequestIdWebFilter.HEADER);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        @SuppressWarnings("unchecked")
        HttpMessageWriter<ProblemDetail> writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(w -> w.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("no JSON writer for problem details"));
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
