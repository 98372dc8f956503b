package io.coinlens.benchmark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The "direct" side of {@code GatewayBenchmark}: a trivial authenticated route in a service built the way every
 * Coinlens service is (service-starter: its own check of the access token against the JWKS, request ids, metrics,
 * tracing), run in its own JVM. Comparing the gateway with a bare Netty handler would price Spring, not the edge.
 * Outside the gateway's package, so that the gateway's own tests do not pick it up.
 */
@SpringBootApplication
@RestController
public class DirectService {

    @GetMapping("/api/v1/portfolios/bench")
    Map<String, String> bench(@AuthenticationPrincipal Jwt jwt) {
        return Map.of("id", "bench", "owner", jwt.getSubject(), "value", "42.00");
    }

    public static void main(String[] args) {
        SpringApplication.run(DirectService.class, args);
    }
}
