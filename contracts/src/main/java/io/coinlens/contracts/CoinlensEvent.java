package io.coinlens.contracts;

import java.util.List;

/**
 * An event on the Coinlens bus: a past-tense fact with the key it is partitioned by.
 */
public sealed interface CoinlensEvent
        permits TradeRecorded, CandleUpdated, IndicatorsComputed, SignalRaised, CorrelationComputed, SentimentScored,
        PredictionMade, AlertTriggered, UserRegistered, UserDeleted {

    /** The Kafka record key: the aggregate this event belongs to. */
    String key();

    /** What is wrong with this event, one readable reason per broken rule; empty when it is valid. */
    List<String> violations();
}
