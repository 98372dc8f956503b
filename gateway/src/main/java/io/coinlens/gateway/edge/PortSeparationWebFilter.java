package io.coinlens.gateway.edge;

import io.coinlens.gateway.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Keeps the two ports apart. The public port answers only the probes under {@code /actuator} (metrics, env and the
 * rest live on the management port, which is not exposed); the management port answers only {@code /actuator},
 * because a child management context would otherwise also see the gateway's routes.
 */
public final class PortSeparationWebFilter implements WebFilter, Ordered {

    static final Set<String> PUBLIC_PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    private final ProblemWriter problems;

    public PortSeparationWebFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
        boolean allowed = ManagementExchanges.isManagement(exchange) ? actuator
                : !actuator || PUBLIC_PROBES.contains(path);
        return allowed ? chain.filter(exchange)
                : problems.write(exchange, HttpStatus.NOT_FOUND, "Nothing is routed at this path.");
    }
}
