package io.coinlens.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

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
            if (!isCorsHeader(name)) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    public static boolean isCorsHeader(String name) {
        return name.regionMatches(true, 0, "access-control-", 0, 15);
    }
}
