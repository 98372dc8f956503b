package io.coinlens.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetAddress;

/**
 * What a service learns about the client, decided here and nowhere else: {@code X-Forwarded-For} is replaced by the
 * one address the gateway resolved (so a service trusting one hop reads the client, not a spoofed entry), and
 * {@code X-Forwarded-Proto} by the scheme the client used. {@code X-User-Id} is dropped: only the gateway sets it,
 * from a verified token. Runs after Spring Cloud Gateway's own filters, which strip {@code X-Forwarded-*} and
 * {@code Forwarded} while its own trusted-proxies setting is empty.
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
        headers.addAll(input);
        headers.remove(USER_ID);
        headers.remove("Forwarded");
        InetAddress client = addresses.resolve(request);
        if (client != null) {
            headers.set("X-Forwarded-For", client.getHostAddress());
        } else {
            headers.remove("X-Forwarded-For");
        }
        headers.set("X-Forwarded-Proto", addresses.isSecure(request) ? "https" : "http");
        return headers;
    }
}
