package io.coinlens.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every topic on the bus with its partition count. Partitioning is by the event's key, so the partition count
 * bounds how many instances of a consumer can share the work.
 */
public enum Topic {
    TRADES("market.trades.v1", 6),
    CANDLES("market.candles.v1", 6),
    INDICATORS("analytics.indicators.v1", 6),
    SIGNALS("analytics.signals.v1", 3),
    CORRELATIONS("analytics.correlations.v1", 3),
    SENTIMENT_SCORES("sentiment.scores.v1", 3),
    PREDICTIONS("ml.predictions.v1", 3),
    ALERTS("portfolio.alerts.v1", 3),
    USER_EVENTS("user.events.v1", 3);

    /** Dead-letter topics get one partition: they are read by people, not scaled-out consumers. */
    public static final int DEAD_LETTER_PARTITIONS = 1;

    private final String topicName;
    private final int partitions;

    Topic(String topicName, int partitions) {
        this.topicName = topicName;
        this.partitions = partitions;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    /** Where events from this topic that no consumer can process are parked, with the reason. */
    public String deadLetterTopicName() {
        return deadLetterTopicName(topicName);
    }

    public static String deadLetterTopicName(String topicName) {
        return topicName + ".dlt";
    }

    public static Optional<Topic> byName(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
    }
}
