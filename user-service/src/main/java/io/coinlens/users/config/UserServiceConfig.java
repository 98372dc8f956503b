package io.coinlens.users.config;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import io.coinlens.users.auth.PasswordPolicy;
import io.coinlens.users.tokens.KeyEncryption;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class UserServiceConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Created at start-up if missing; the replication factor is the cluster's default. */
    @Bean
    NewTopic userEventsTopic() {
        return TopicBuilder.name(Topic.USER_EVENTS.topicName()).partitions(Topic.USER_EVENTS.partitions()).build();
    }

    @Bean
    PasswordPolicy passwordPolicy(UserProperties properties) {
        return new PasswordPolicy(properties.passwords().minLength(), properties.passwords().maxLength(),
                PasswordPolicy.commonPasswords());
    }

    @Bean
    KeyEncryption keyEncryption(UserProperties properties) {
        return KeyEncryption.from(properties.keys());
    }
}
