package io.coinlens.gateway.edge;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.server.ServerWebExchange;

/** Tells requests to the management port (actuator) from requests to the public port. */
public final class ManagementExchanges {

    private static final String NAMESPACE = "management";

    private ManagementExchanges() {
    }

    public static boolean isManagement(ServerWebExchange exchange) {
        return exchange.getApplicationContext() != null
                && WebServerApplicationContext.hasServerNamespace(exchange.getApplicationContext(), NAMESPACE);
    }
}
