package io.coinlens.portfolio.alert;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The container factory of {@link TradeListener} alone: Boot's listener settings and service-starter's dead-letter
 * error handler, as every listener gets them, but handing the listener a whole poll. The other listeners keep Boot's
 * record-at-a-time factory.
 */
@Configuration(proxyBeanMethods = false)
class TradeListenerConfig {

    static final String CONTAINER_FACTORY = "tradeBatchListenerContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> tradeBatchListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        return factory;
    }
}
