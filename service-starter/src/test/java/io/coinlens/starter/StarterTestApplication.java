package io.coinlens.starter;

import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal service built on the starter, as a real one would be. Spring Security is on this test classpath only for
 * {@code JwtResourceServerIntegrationTests}; a service without {@code coinlens.security.jwt.jwks-uri} has none.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
class StarterTestApplication {

    @RestController
    static class GreetingController {

        private static final Logger log = LoggerFactory.getLogger(GreetingController.class);

        @GetMapping("/greeting")
        Mono<String> greeting() {
            return Mono.just("hello").doOnNext(g -> log.info("greeting served"));
        }
    }

    @Component
    static class TradeListener {

        final List<CoinlensEvent> accepted = new CopyOnWriteArrayList<>();
        private final EventCodec codec = new EventCodec();

        @KafkaListener(topics = "market.trades.v1", groupId = "starter-test")
        void onTrade(ConsumerRecord<String, byte[]> record) {
            Header type = record.headers().lastHeader(EventHeaders.TYPE_ID);
            accepted.add(codec.decode(record.value(), type == null ? null
                    : new String(type.value(), StandardCharsets.UTF_8)).orElseThrow());
        }
    }
}
