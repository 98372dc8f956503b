package io.coinlens.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import java.util.Locale;

/** Drops a service's own {@code Access-Control-*} headers: CORS is decided once, at the gateway. */
public final class CorsResponseHeadersFilter implements HttpHeadersFilter {

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }
}
