package io.coinlens.contracts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The logical type id of each event, carried in the {@link EventHeaders#TYPE_ID} header. The wire never names a
 * Java class, so a consumer can map the id to its own type.
 */
public enum EventType {
    TRADE_RECORDED("TradeRecorded", TradeRecorded.class, Topic.TRADES),
    CANDLE_UPDATED("CandleUpdated", CandleUpdated.class, Topic.CANDLES),
    INDICATORS_COMPUTED("IndicatorsComputed", IndicatorsComputed.class, Topic.INDICATORS),
    SIGNAL_RAISED("SignalRaised", SignalRaised.class, Topic.SIGNALS),
    CORRELATION_COMPUTED("CorrelationComputed", CorrelationComputed.class, Topic.CORRELATIONS),
    SENTIMENT_SCORED("SentimentScored", SentimentScored.class, Topic.SENTIMENT_SCORES),
    PREDICTION_MADE("PredictionMade", PredictionMade.class, Topic.PREDICTIONS),
    ALERT_TRIGGERED("AlertTriggered", AlertTriggered.class, Topic.ALERTS),
    USER_REGISTERED("UserRegistered", UserRegistered.class, Topic.USER_EVENTS),
    USER_DELETED("UserDeleted", UserDeleted.class, Topic.USER_EVENTS);

    private final String id;
    private final Class<? extends CoinlensEvent> javaType;
    private final Topic topic;

    EventType(String id, Class<? extends CoinlensEvent> javaType, Topic topic) {
        this.id = id;
        this.javaType = javaType;
        this.topic = topic;
    }

    public String id() {
        return id;
    }

    public Class<? extends CoinlensEvent> javaType() {
        return javaType;
    }

    public Topic topic() {
        return topic;
    }

    /** The JSON Schema of this event on the classpath. */
    public String schemaResource() {
        return "/schemas/" + id + ".schema.json";
    }

    public static Optional<EventType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static EventType of(CoinlensEvent event) {
        return Arrays.stream(values()).filter(t -> t.javaType == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a contract event: " + event.getClass()));
    }

    /** The mapping in Spring Kafka's {@code spring.json.type.mapping} form: {@code id:class,id:class}. */
    public static String springTypeMappings() {
        return Arrays.stream(values()).map(t -> t.id + ":" + t.javaType.getName()).collect(Collectors.joining(","));
    }
}
