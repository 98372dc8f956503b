package io.coinlens.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetAddress;

/**
 * What a service learns about the client, decided here and nowhere else: every {@code X-Forwarded-*} and
 * {@code Forwarded} header the client sent is dropped, then {@code X-Forwarded-For} is set to the one address the
 * gateway resolved (so a service trusting one hop reads the client, not a spoofed entry) and
 * {@code X-Forwarded-Proto} to the scheme the client used. {@code X-User-Id} is dropped: only the gateway sets it,
 * from a verified token. Spring Cloud Gateway's own forwarding filters are off (application.yml): they copied the
 * headers twice per request only for this filter to overwrite their work.
 */
public final class ClientHeadersFilter implements HttpHeadersFilter, Ordered {

    public static final String USER_ID = "X-User-Id";

    private final ClientAddressResolver addresses;

    public ClientHeadersFilter(ClientAddressResolver addresses) {
        this.addresses = addresses;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!isClientClaim(name)) {
                headers.addAll(name, values);
            }
        });
        InetAddress client = addresses.resolve(request);
        if (client != null) {
            headers.set("X-Forwarded-For", client.getHostAddress());
        } else {
            headers.remove("X-Forwarded-For");
        }
        headers.set("X-Forwarded-Proto", addresses.isSecure(request) ? "https" : "http");
        return headers;
    }

    /** A header only the gateway may set: the client's own copy never reaches a service. */
    public static boolean isClientClaim(String name) {
        return name.equalsIgnoreCase(USER_ID) || name.equalsIgnoreCase("Forwarded")
                || name.regionMatches(true, 0, "X-Forwarded-", 0, 12);
    }
}
