package io.coinlens.portfolio.privacy;

import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.UserDeleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Acts on {@code user.events.v1}: a deleted user's data is erased. An event that breaks its contract throws
 * {@code InvalidEventException} and goes to {@code user.events.v1.dlt} with the reason (service-starter's
 * dead-letter routing); a failed erasure is retried twice, then dead-lettered too. Blocking is fine on a Kafka
 * consumer thread.
 */
@Component
class UserEventsListener {

    static final String GROUP = "portfolio-service";
    private static final Logger log = LoggerFactory.getLogger(UserEventsListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final UserDataErasure erasure;

    UserEventsListener(EventCodec codec, UserDataErasure erasure) {
        this.codec = codec;
        this.erasure = erasure;
    }

    @KafkaListener(id = "portfolio-user-events", groupId = GROUP, topics = "user.events.v1")
    void onUserEvent(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(EventHeaders.TYPE_ID);
        CoinlensEvent event = codec.decode(record.value(),
                type == null ? null : new String(type.value(), StandardCharsets.UTF_8)).orElseThrow();
        if (event instanceof UserDeleted deleted) {
            UserDataErasure.Erased erased = erasure.erase(deleted.userId()).block(TIMEOUT);
            log.info("Erased the data of a deleted user: {}", erased);
        }
    }
}
