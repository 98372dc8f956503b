package io.coinlens.simulator.binance;

import io.coinlens.simulator.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RequestWeightFilterTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
    private final RequestWeightFilter filter = new RequestWeightFilter(50, clock);
    private final AtomicInteger passed = new AtomicInteger();

    private MockServerWebExchange call(String uri, String ip) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(uri)
                .remoteAddress(new InetSocketAddress(ip, 40000)).build());
        filter.filter(exchange, e -> {
            passed.incrementAndGet();
            return reactor.core.publisher.Mono.empty();
        }).block();
        return exchange;
    }

    @Test
    void chargesBinancesWeightPerEndpoint() {
        MultiValueMap<String, String> none = new LinkedMultiValueMap<>();
        assertThat(RequestWeightFilter.weight("/api/v3/ping", none)).isEqualTo(1);
        assertThat(RequestWeightFilter.weight("/api/v3/time", none)).isEqualTo(1);
        assertThat(RequestWeightFilter.weight("/api/v3/exchangeInfo", none)).isEqualTo(20);
        assertThat(RequestWeightFilter.weight("/api/v3/klines", none)).isEqualTo(2);
        assertThat(RequestWeightFilter.weight("/api/v3/aggTrades", none)).isEqualTo(4);
        assertThat(RequestWeightFilter.weight("/api/v3/trades", none)).isEqualTo(25);
        assertThat(RequestWeightFilter.weight("/api/v3/historicalTrades", none)).isEqualTo(25);
        assertThat(RequestWeightFilter.weight("/api/v3/ticker/24hr", none)).isEqualTo(80);
        MultiValueMap<String, String> one = new LinkedMultiValueMap<>();
        one.add("symbol", "BTCUSDT");
        assertThat(RequestWeightFilter.weight("/api/v3/ticker/24hr", one)).isEqualTo(2);
    }

    @Test
    void countsPerIpWithinTheMinuteThenAnswers429WithRetryAfter() {
        assertThat(call("/api/v3/exchangeInfo", "10.0.0.1").getResponse().getHeaders().getFirst("X-MBX-USED-WEIGHT-1M"))
                .isEqualTo("20");
        assertThat(call("/api/v3/exchangeInfo", "10.0.0.1").getResponse().getHeaders().getFirst("X-MBX-USED-WEIGHT-1M"))
                .isEqualTo("40");
        assertThat(call("/api/v3/exchangeInfo", "10.0.0.2").getResponse().getHeaders().getFirst("X-MBX-USED-WEIGHT-1M"))
                .isEqualTo("20");
        MockServerWebExchange limited = call("/api/v3/exchangeInfo", "10.0.0.1");
        assertThat(limited.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getResponse().getHeaders().getFirst("X-MBX-USED-WEIGHT-1M")).isEqualTo("60");
        // 10 s into the minute: 50 s until the window resets.
        assertThat(limited.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("50");
        assertThat(limited.getResponse().getBodyAsString().block())
                .startsWith("{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 50 request weight");
        assertThat(passed).hasValue(3);

        clock.advance(50_000);
        MockServerWebExchange nextMinute = call("/api/v3/ping", "10.0.0.1");
        assertThat(nextMinute.getResponse().getStatusCode()).isNull();
        assertThat(nextMinute.getResponse().getHeaders().getFirst("X-MBX-USED-WEIGHT-1M")).isEqualTo("1");
        assertThat(passed).hasValue(4);
    }

    @Test
    void leavesOtherPathsAlone() {
        MockServerWebExchange actuator = call("/actuator/health", "10.0.0.1");
        assertThat(actuator.getResponse().getHeaders().containsHeader("X-MBX-USED-WEIGHT-1M")).isFalse();
        assertThat(passed).hasValue(1);
    }
}
