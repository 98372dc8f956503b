package io.coinlens.analytics.config;

import io.coinlens.analytics.candles.TradeMetrics;
import io.coinlens.analytics.streams.AnalyticsStreams;
import io.coinlens.analytics.streams.AnalyticsTopology;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The stream topology, its topics, and what the sinks and queries share. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfig {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    AnalyticsStreams analyticsStreams(KafkaProperties kafka, AnalyticsProperties properties, EventCodec codec,
            MeterRegistry registry) {
        Properties config = new Properties();
        config.putAll(kafka.buildStreamsProperties());
        return new AnalyticsStreams(AnalyticsTopology.build(properties, codec, TradeMetrics.of(registry)), config);
    }

    /** Streams fails on a missing source topic, and this service may start before market-data-service. */
    @Bean
    KafkaAdmin.NewTopics analyticsTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topic.TRADES), deadLetters(Topic.TRADES), topic(Topic.CANDLES), topic(Topic.INDICATORS),
                topic(Topic.SIGNALS), topic(Topic.CORRELATIONS), deadLetters(Topic.CANDLES),
                deadLetters(Topic.INDICATORS), deadLetters(Topic.SIGNALS), deadLetters(Topic.CORRELATIONS));
    }

    private static NewTopic topic(Topic topic) {
        return TopicBuilder.name(topic.topicName()).partitions(topic.partitions()).build();
    }

    private static NewTopic deadLetters(Topic topic) {
        return TopicBuilder.name(topic.deadLetterTopicName()).partitions(Topic.DEAD_LETTER_PARTITIONS).build();
    }
}
