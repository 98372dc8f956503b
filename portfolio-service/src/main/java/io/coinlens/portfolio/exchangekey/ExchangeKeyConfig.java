package io.coinlens.portfolio.exchangekey;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.UserDeleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class ExchangeKeyConfig {

    @Bean
    KeyVault keyVault(ExchangeKeyProperties settings) {
        return new KeyVault(settings.masterKeys(), settings.currentKey());
    }

    @Bean
    BinanceAccount binanceAccount(ExchangeKeyProperties settings) {
        return new BinanceAccount(settings.binanceUrl().toString());
    }

    @Bean
    KeyRotation keyRotation(ExchangeKeyRepository keys, KeyVault vault) {
        return new KeyRotation(keys, vault);
    }

    /**
     * Re-seals, at start-up, every key sealed under a master key other than the current one: rotating is adding the
     * new key, making it current, restarting, and removing the old one once the log says nothing is left under it.
     */
    static class KeyRotation {

        private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
        private static final Duration TIMEOUT = Duration.ofSeconds(30);

        private final ExchangeKeyRepository keys;
        private final KeyVault vault;

        KeyRotation(ExchangeKeyRepository keys, KeyVault vault) {
            this.keys = keys;
            this.vault = vault;
        }

        @EventListener(ApplicationReadyEvent.class)
        void onReady() {
            if (vault.configured()) {
                long resealed = resealAll(vault).block(TIMEOUT);
                if (resealed > 0) {
                    log.info("re-sealed {} exchange key(s) under the current master key", resealed);
                }
            }
        }

        /** Re-seals what {@code with} does not consider current; returns how many rows changed. */
        Mono<Long> resealAll(KeyVault with) {
            return keys.all().filter(k -> !with.isCurrent(k.sealedKey()) || !with.isCurrent(k.sealedSecret()))
                    .concatMap(k -> {
                        String aad = ExchangeKey.associatedData(k.id(), k.userId());
                        return keys.reseal(k.id(), k.sealedKey(), with.seal(with.open(k.sealedKey(), aad), aad),
                                with.seal(with.open(k.sealedSecret(), aad), aad));
                    })
                    .reduce(0L, Long::sum);
        }
    }

    @Bean
    UserErasure exchangeKeyErasure(EventCodec codec, ExchangeKeyRepository keys) {
        return new UserErasure(codec, keys);
    }

    /** {@code UserDeleted} erases the user's exchange keys. */
    static class UserErasure {

        private final EventCodec codec;
        private final ExchangeKeyRepository keys;

        UserErasure(EventCodec codec, ExchangeKeyRepository keys) {
            this.codec = codec;
            this.keys = keys;
        }

        @KafkaListener(id = "portfolio-exchange-keys-users", groupId = "portfolio-exchange-keys",
                topics = "user.events.v1")
        void onUserEvent(ConsumerRecord<String, byte[]> record) {
            Header type = record.headers().lastHeader(EventHeaders.TYPE_ID);
            String typeId = type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
            if (codec.decode(record.value(), typeId).orElseThrow() instanceof UserDeleted deleted) {
                keys.deleteAllOf(deleted.userId()).block(Duration.ofSeconds(30));
            }
        }
    }
}
