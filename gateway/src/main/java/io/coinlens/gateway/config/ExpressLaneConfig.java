package io.coinlens.gateway.config;

import io.coinlens.gateway.edge.ClientAddressResolver;
import io.coinlens.gateway.express.ExpressLane;
import io.coinlens.gateway.express.LoopLocalClients;
import io.coinlens.gateway.resilience.ServiceCircuitBreakers;
import io.coinlens.gateway.web.ProblemWriter;
import io.coinlens.starter.security.VerifiedTokenCache;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Puts {@link ExpressLane} in front of the WebFlux application on the public port, for the routes RouteConfig gives
 * to services (not the auth endpoints, the stream, the JWKS or the API docs). Off with
 * {@code coinlens.gateway.express-lane.enabled=false}, or {@code coinlens.gateway.jwt.verified-cache-size=0};
 * everything then takes the full path.
 */
@Configuration(proxyBeanMethods = false)
// Without remembered verifications every request needs a signature check, which only the full path does.
@ConditionalOnExpression("${coinlens.gateway.express-lane.enabled:true} and ${coinlens.gateway.jwt.verified-cache-size:10000} > 0")
class ExpressLaneConfig {

    /** The routes the lane may take, from the same path lists as RouteConfig's: a service's {@code /api/v1} paths. */
    static List<ExpressLane.Route> routes(GatewayProperties properties) {
        List<ExpressLane.Route> routes = new ArrayList<>();
        RouteConfig.serviceUris(properties.services()).forEach((routeId, uri) -> {
            for (String pattern : RouteConfig.API_PATHS.get(routeId)) {
                if (pattern.startsWith("/api/v1/")) {
                    routes.add(new ExpressLane.Route(routeId, RouteConfig.SERVICE_OF_ROUTE.get(routeId), pattern,
                            uri.getScheme() + "://" + uri.getRawAuthority(),
                            properties.timeouts().connectFor(routeId), properties.timeouts().responseFor(routeId)));
                }
            }
        });
        return routes;
    }

    @Bean
    LoopLocalClients expressLaneClients() {
        return new LoopLocalClients(1000);
    }

    @Bean
    ExpressLane expressLane(GatewayProperties properties, ReactiveJwtDecoder decoder, RouteConfig.RateLimits limits,
            ServiceCircuitBreakers breakers, ClientAddressResolver addresses, ProblemWriter problems,
            MeterRegistry meters, ObjectProvider<HttpHandler> application, LoopLocalClients clients) {
        if (!(decoder instanceof VerifiedTokenCache tokens)) {
            throw new IllegalStateException("the express lane needs the verified-token cache");
        }
        BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> fullPath = new BiFunction<>() {
            private volatile ReactorHttpHandlerAdapter adapter;

            @Override
            public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
                ReactorHttpHandlerAdapter current = adapter;
                if (current == null) {
                    current = new ReactorHttpHandlerAdapter(application.getObject());
                    adapter = current;
                }
                return current.apply(request, response);
            }
        };
        GatewayProperties.Retry retry = properties.retry();
        return new ExpressLane(routes(properties), clients, tokens,
                properties.rateLimit().enabled() ? limits.api() : null, breakers, addresses, problems,
                new ExpressLane.Retries(retry.retries(), retry.firstBackoff(), retry.maxBackoff()), fullPath, meters);
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> expressLaneRoute(ExpressLane lane) {
        return factory -> factory.addRouteProviders(routes -> routes.route(ExpressLane::mayTake, lane));
    }

    /** The lane learns the public port once the server has it (0 in configuration means "any free port"). */
    @Bean
    ApplicationListener<WebServerInitializedEvent> expressLanePort(ExpressLane lane) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                lane.servePort(event.getWebServer().getPort());
            }
        };
    }
}
