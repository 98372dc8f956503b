package io.coinlens.starter;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;

import java.time.Duration;
import java.util.Map;

/** Kafka broker health and dead-letter routing for services that use Kafka. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBean(KafkaAdmin.class)
public class KafkaSupportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties(), Duration.ofSeconds(3));
    }

    /** Publishes dead letters as the original bytes, whatever the listener's own value type. */
    @Bean
    @ConditionalOnMissingBean(name = "deadLetterTemplate")
    KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaProperties properties) {
        Map<String, Object> config = properties.buildProducerProperties();
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new ByteArraySerializer());
        return new KafkaTemplate<>(factory);
    }

    @Bean
    @ConditionalOnMissingBean
    CommonErrorHandler kafkaErrorHandler(ObjectProvider<KafkaTemplate<String, byte[]>> deadLetterTemplate) {
        return DeadLetterRouting.errorHandler(deadLetterTemplate.getObject());
    }
}
