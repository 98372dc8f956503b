package io.coinlens.gateway.express;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Switched off, or without the verified-token cache it relies on, the lane is not there and the full path serves. */
class ExpressLaneOffIntegrationTests {

    abstract static class LaneAbsent extends GatewayTestSupport {

        @Autowired
        private ObjectProvider<ExpressLane> lane;

        @Autowired
        private MeterRegistry meters;

        @Test
        void everyRequestTakesTheFullPath() {
            assertThat(lane.getIfAvailable()).isNull();
            String token = bearer(TestTokens.valid());
            long before = routeCount();
            for (int i = 0; i < 3; i++) {
                client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token).exchange()
                        .expectStatus().isOk()
                        .expectHeader().exists("X-RateLimit-Limit");
            }
            assertThat(meters.find("coinlens.gateway.express").counters()).isEmpty();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> routeCount() == before + 3);
        }

        private long routeCount() {
            return meters.find("spring.cloud.gateway.requests").tag("routeId", "portfolio-service")
                    .tag("httpStatusCode", "200").timers().stream().mapToLong(Timer::count).sum();
        }
    }

    @Nested
    @TestPropertySource(properties = "coinlens.gateway.express-lane.enabled=false")
    class SwitchedOff extends LaneAbsent {
    }

    @Nested
    @TestPropertySource(properties = "coinlens.gateway.jwt.verified-cache-size=0")
    class WithoutTheVerifiedTokenCache extends LaneAbsent {
    }
}
