package io.coinlens.gateway.config;

import io.coinlens.gateway.edge.ClientAddressResolver;
import io.coinlens.gateway.ratelimit.RateLimitFilter;
import io.coinlens.gateway.ratelimit.TokenLeases;
import io.coinlens.gateway.resilience.ServiceCircuitBreakers;
import io.coinlens.gateway.web.ProblemWriter;
import io.coinlens.starter.RequestIdWebFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.route.builder.UriSpec;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.ConnectException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The public routes, as ARCHITECTURE.md lists them; anything else is a 404 at the edge. Every HTTP route is rate
 * limited, guarded by its service's circuit breaker, retried only for GETs, and bounded by its connect and response
 * timeouts. Also: the WebSocket stream, each service's OpenAPI document for the Swagger UI, and the probes.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfig {

    static final Map<String, String> SERVICE_OF_ROUTE = Map.of(
            "user-auth", "user-service",
            "user-service", "user-service",
            "market-data-stream", "market-data-service",
            "market-data-service", "market-data-service",
            "analytics-service", "analytics-service",
            "sentiment-service", "sentiment-service",
            "portfolio-service", "portfolio-service",
            "ml-service", "ml-service");
    static final Set<String> ROUTE_IDS = SERVICE_OF_ROUTE.keySet();

    static final String[] USER_AUTH = {"/api/v1/auth/**"};
    static final String[] USER = {"/api/v1/users/**", "/.well-known/jwks.json"};
    static final String[] STREAM = {"/ws"};
    static final String[] MARKET = {"/api/v1/market/**"};
    static final String[] ANALYTICS = {"/api/v1/candles", "/api/v1/indicators/**", "/api/v1/signals",
            "/api/v1/analytics/**"};
    static final String[] SENTIMENT = {"/api/v1/sentiment/**"};
    static final String[] PORTFOLIO = {"/api/v1/portfolios/**", "/api/v1/watchlists/**", "/api/v1/alerts/**",
            "/api/v1/webhooks/**", "/api/v1/exchange-keys/**"};
    static final String[] ML = {"/api/v1/ml/**"};
    /**
     * Every path a route serves; SecurityConfig lets the rest through unauthenticated, to be answered 404. With the
     * trailing-slash form of exact paths too, so that it needs a token like the path itself (the route's predicate
     * does not match it, so it is then answered 404).
     */
    static final String[] ROUTED = Stream.of(USER_AUTH, USER, STREAM, MARKET, ANALYTICS, SENTIMENT, PORTFOLIO, ML)
            .flatMap(Arrays::stream)
            .flatMap(path -> path.endsWith("/**") ? Stream.of(path) : Stream.of(path, path + "/"))
            .toArray(String[]::new);

    /** Each service's address, by service name (also the id of its API route). */
    static Map<String, URI> serviceUris(GatewayProperties.Services s) {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("user-service", s.userService());
        services.put("market-data-service", s.marketDataService());
        services.put("analytics-service", s.analyticsService());
        services.put("sentiment-service", s.sentimentService());
        services.put("portfolio-service", s.portfolioService());
        services.put("ml-service", s.mlService());
        return services;
    }

    /** The paths of each service's API route, by route id. */
    static final Map<String, String[]> API_PATHS = Map.of(
            "user-service", USER,
            "market-data-service", MARKET,
            "analytics-service", ANALYTICS,
            "sentiment-service", SENTIMENT,
            "portfolio-service", PORTFOLIO,
            "ml-service", ML);

    /** The two rate-limit policies: {@code api} for every route but the auth endpoints, {@code auth} for those. */
    public record RateLimits(RateLimitFilter api, RateLimitFilter auth) {
    }

    @Bean
    RateLimits rateLimits(GatewayProperties properties, TokenLeases buckets, ClientAddressResolver addresses,
            ProblemWriter problems, MeterRegistry meters) {
        GatewayProperties.RateLimit limits = properties.rateLimit();
        return new RateLimits(rateLimit("api", limits.api(), limits, buckets, addresses, problems, meters),
                rateLimit("auth", limits.auth(), limits, buckets, addresses, problems, meters));
    }

    @Bean
    RouteLocator coinlensRoutes(RouteLocatorBuilder routes, GatewayProperties properties, RateLimits limits,
            ServiceCircuitBreakers breakers, JsonMapper json) {
        GatewayProperties.Services s = properties.services();
        Filters f = new Filters(properties, breakers, limits.api(), limits.auth());
        Map<String, URI> services = serviceUris(s);

        RouteLocatorBuilder.Builder builder = routes.routes()
                .route("user-auth", r -> f.http(r.path(USER_AUTH), "user-auth", f.authLimit, s.userService()))
                .route("user-service", r -> f.http(r.path(USER),
                        "user-service", f.apiLimit, s.userService()))
                .route("market-data-stream", r -> r.path(STREAM)
                        .filters(spec -> f.common(spec).filter(f.apiLimit))
                        .uri(webSocket(s.marketDataService())))
                .route("market-data-service", r -> f.http(r.path(MARKET), "market-data-service",
                        f.apiLimit, s.marketDataService()))
                .route("analytics-service", r -> f.http(r.path(ANALYTICS), "analytics-service", f.apiLimit,
                        s.analyticsService()))
                .route("sentiment-service", r -> f.http(r.path(SENTIMENT), "sentiment-service",
                        f.apiLimit, s.sentimentService()))
                .route("portfolio-service", r -> f.http(r.path(PORTFOLIO), "portfolio-service",
                        f.apiLimit, s.portfolioService()))
                .route("ml-service", r -> f.http(r.path(ML), "ml-service", f.apiLimit, s.mlService()))
                // Probes on the public port under their usual paths; the actuator itself is on the management port.
                .route("probe-readiness", r -> r.path("/actuator/health/readiness").uri("forward:/readyz"))
                .route("probe-liveness", r -> r.path("/actuator/health/liveness").uri("forward:/livez"));
        for (Map.Entry<String, URI> service : services.entrySet()) {
            String name = service.getKey();
            builder.route("api-docs-" + name, r -> r.path("/v3/api-docs/" + name)
                    .filters(spec -> f.common(spec)
                            .filter(f.apiLimit)
                            .filter(breakers.filter(name))
                            .setPath("/v3/api-docs")
                            .modifyResponseBody(String.class, String.class,
                                    (exchange, document) -> Mono.justOrEmpty(sameOriginServers(exchange, document, json))))
                    .metadata(f.timeouts(name))
                    .uri(service.getValue()));
        }
        return builder.build();
    }

    private static RateLimitFilter rateLimit(String name, GatewayProperties.Policy policy,
            GatewayProperties.RateLimit limits, TokenLeases buckets, ClientAddressResolver addresses,
            ProblemWriter problems, MeterRegistry meters) {
        return new RateLimitFilter(name, policy, limits.redisTimeout(), buckets, addresses, problems, meters);
    }

    /**
     * A service's document names the service's own address as its server; the Swagger UI must call the gateway
     * instead, whose address it already has: a relative server URL. Anything but a successful JSON document (e.g.
     * the breaker's problem answer) passes unchanged.
     */
    static String sameOriginServers(ServerWebExchange exchange, String document, JsonMapper json) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (document == null || (status != null && !status.is2xxSuccessful())) {
            return document;
        }
        try {
            JsonNode tree = json.readTree(document);
            if (tree instanceof ObjectNode object && object.has("openapi")) {
                object.putArray("servers").addObject().put("url", "/");
                return json.writeValueAsString(object);
            }
        } catch (JacksonException e) {
            // not JSON: not a document to fix
        }
        return document;
    }

    static URI webSocket(URI http) {
        String scheme = "https".equals(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + http.getRawAuthority());
    }

    private static final class Filters {

        private final GatewayProperties properties;
        private final ServiceCircuitBreakers breakers;
        private final GatewayFilter apiLimit;
        private final GatewayFilter authLimit;

        Filters(GatewayProperties properties, ServiceCircuitBreakers breakers, RateLimitFilter api,
                RateLimitFilter auth) {
            this.properties = properties;
            this.breakers = breakers;
            boolean enabled = properties.rateLimit().enabled();
            this.apiLimit = enabled ? api : (exchange, chain) -> chain.filter(exchange);
            this.authLimit = enabled ? auth : (exchange, chain) -> chain.filter(exchange);
        }

        /** The service echoes the request id the gateway gave it; the client must see it once. */
        GatewayFilterSpec common(GatewayFilterSpec filters) {
            return filters.dedupeResponseHeader(RequestIdWebFilter.HEADER, "RETAIN_FIRST");
        }

        /** Rate limit, then the breaker around the retries, so one client request is one call to the breaker. */
        Buildable<Route> http(BooleanSpec path, String routeId, GatewayFilter limit, URI uri) {
            String service = SERVICE_OF_ROUTE.get(routeId);
            GatewayProperties.Retry retry = properties.retry();
            UriSpec spec = path.filters(filters -> common(filters)
                    .filter(limit)
                    .filter(breakers.filter(service))
                    .retry(config -> config.setRetries(retry.retries())
                            .setMethods(HttpMethod.GET)
                            .setSeries()
                            .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE)
                            .setExceptions(ConnectException.class)
                            .setBackoff(retry.firstBackoff(), retry.maxBackoff(), 2, true)))
                    .metadata(timeouts(routeId));
            return spec.uri(uri);
        }

        Map<String, Object> timeouts(String routeId) {
            GatewayProperties.Timeouts timeouts = properties.timeouts();
            return Map.of(
                    RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) timeouts.connectFor(routeId).toMillis(),
                    RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeouts.responseFor(routeId).toMillis());
        }
    }
}
