package io.coinlens.analytics.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** DOWN when the topology has stopped for good (ERROR, or shut down while the application runs). */
@Component("streams")
class StreamsHealthIndicator extends AbstractHealthIndicator {

    private final AnalyticsStreams streams;

    StreamsHealthIndicator(AnalyticsStreams streams) {
        this.streams = streams;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.CREATED;
        (up ? builder.up() : builder.down()).withDetail("state", state.name());
    }
}
