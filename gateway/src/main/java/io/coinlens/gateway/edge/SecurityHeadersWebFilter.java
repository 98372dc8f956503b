package io.coinlens.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Security headers on every response, set just before it is committed so they replace whatever a service sent: the
 * edge decides them. API responses get a Content-Security-Policy that allows nothing (they are data, never pages);
 * only the Swagger UI, which is a page, gets one that lets it load its own scripts and styles. HSTS only when the
 * client reached us over https (directly, or as a trusted proxy reports), as browsers ignore it over http anyway.
 */
public final class SecurityHeadersWebFilter implements WebFilter, Ordered {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'self'; form-action 'self'";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final ClientAddressResolver addresses;

    public SecurityHeadersWebFilter(ClientAddressResolver addresses) {
        this.addresses = addresses;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        boolean docs = isSwaggerUi(request.getPath().pathWithinApplication().value());
        boolean secure = addresses.isSecure(request);
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            setHeaders(docs, secure, headers::set, headers::remove);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** Sets the headers through {@code set}, and drops a service's HSTS through {@code remove} when not secure. */
    public static void setHeaders(boolean docs, boolean secure, BiConsumer<String, String> set, Consumer<String> remove) {
        set.accept("X-Content-Type-Options", "nosniff");
        set.accept("X-Frame-Options", "DENY");
        set.accept("Referrer-Policy", "no-referrer");
        set.accept("Content-Security-Policy", docs ? DOCS_POLICY : API_POLICY);
        if (secure) {
            set.accept("Strict-Transport-Security", HSTS);
        } else {
            remove.accept("Strict-Transport-Security");
        }
    }

    static boolean isSwaggerUi(String path) {
        return path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/") || path.startsWith("/webjars/");
    }
}
