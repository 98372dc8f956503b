package io.coinlens.gateway.config;

import io.coinlens.gateway.edge.ClientAddressResolver;
import io.coinlens.gateway.edge.ClientHeadersFilter;
import io.coinlens.gateway.edge.CorsResponseHeadersFilter;
import io.coinlens.gateway.edge.PortSeparationWebFilter;
import io.coinlens.gateway.edge.RequestBodyLimitWebFilter;
import io.coinlens.gateway.edge.SecurityHeadersWebFilter;
import io.coinlens.gateway.ratelimit.TokenBucket;
import io.coinlens.gateway.ratelimit.TokenLeases;
import io.coinlens.gateway.resilience.ServiceCircuitBreakers;
import io.coinlens.gateway.stream.WebSocketProxyFilter;
import io.coinlens.gateway.web.GatewayErrorHandler;
import io.coinlens.gateway.web.ProblemWriter;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The filters every request passes at the edge, and the parts the routes are built from. */
@Configuration(proxyBeanMethods = false)
class EdgeConfig {

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    GatewayErrorHandler gatewayErrorHandler(ProblemWriter problems) {
        return new GatewayErrorHandler(problems);
    }

    @Bean
    ClientAddressResolver clientAddressResolver(GatewayProperties properties) {
        return new ClientAddressResolver(properties.trustedProxies());
    }

    @Bean
    SecurityHeadersWebFilter securityHeadersWebFilter(ClientAddressResolver addresses) {
        return new SecurityHeadersWebFilter(addresses);
    }

    @Bean
    PortSeparationWebFilter portSeparationWebFilter(ProblemWriter problems) {
        return new PortSeparationWebFilter(problems);
    }

    @Bean
    RequestBodyLimitWebFilter requestBodyLimitWebFilter(GatewayProperties properties, ProblemWriter problems) {
        return new RequestBodyLimitWebFilter(properties.maxRequestBody().toBytes(), problems);
    }

    @Bean
    ClientHeadersFilter clientHeadersFilter(ClientAddressResolver addresses) {
        return new ClientHeadersFilter(addresses);
    }

    @Bean
    CorsResponseHeadersFilter corsResponseHeadersFilter() {
        return new CorsResponseHeadersFilter();
    }

    @Bean
    WebSocketProxyFilter webSocketProxyFilter(WebSocketClient client, WebSocketService service,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new WebSocketProxyFilter(client, service, headersFilters);
    }

    @Bean
    TokenLeases tokenLeases(ReactiveStringRedisTemplate redis) {
        return new TokenLeases(new TokenBucket(redis), System::nanoTime, 100_000);
    }

    /** Fail at once while Redis is away, instead of queueing: the rate limit decides what that means. */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ServiceCircuitBreakers serviceCircuitBreakers(GatewayProperties properties, ProblemWriter problems,
            MeterRegistry meters) {
        ServiceCircuitBreakers breakers = new ServiceCircuitBreakers(properties.circuitBreaker(), problems);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(meters);
        return breakers;
    }
}
