package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.TradeRecorded;

/** Where sequenced trades go. */
@FunctionalInterface
public interface TradeSink {

    void publish(TradeRecorded trade);
}
