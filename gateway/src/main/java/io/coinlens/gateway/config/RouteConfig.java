package io.coinlens.gateway.config;

import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;

/** The public routes, as ARCHITECTURE.md lists them. Anything else is a 404 at the edge. */
@Configuration(proxyBeanMethods = false)
class RouteConfig {

    @Bean
    RouteLocator coinlensRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
        GatewayProperties.Services s = properties.services();
        return routes.routes()
                .route("user-service", r -> r.path("/api/v1/auth/**", "/api/v1/users/**", "/.well-known/jwks.json")
                        .filters(RouteConfig::common).uri(s.userService()))
                .route("market-data-stream", r -> r.path("/ws").filters(RouteConfig::common).uri(webSocket(s.marketDataService())))
                .route("market-data-service", r -> r.path("/api/v1/market/**").filters(RouteConfig::common).uri(s.marketDataService()))
                .route("analytics-service", r -> r.path("/api/v1/candles", "/api/v1/indicators/**",
                        "/api/v1/signals", "/api/v1/analytics/**").filters(RouteConfig::common).uri(s.analyticsService()))
                .route("sentiment-service", r -> r.path("/api/v1/sentiment/**").filters(RouteConfig::common).uri(s.sentimentService()))
                .route("portfolio-service", r -> r.path("/api/v1/portfolios/**", "/api/v1/watchlists/**",
                        "/api/v1/alerts/**", "/api/v1/webhooks/**", "/api/v1/exchange-keys/**").filters(RouteConfig::common).uri(s.portfolioService()))
                .route("ml-service", r -> r.path("/api/v1/ml/**").filters(RouteConfig::common).uri(s.mlService()))
                .build();
    }

    /** The service echoes the request id the gateway gave it; the client must see it once. */
    private static GatewayFilterSpec common(GatewayFilterSpec filters) {
        return filters.dedupeResponseHeader(RequestIdWebFilter.HEADER, "RETAIN_FIRST");
    }

    static URI webSocket(URI http) {
        String scheme = "https".equals(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + http.getRawAuthority());
    }
}
