package io.coinlens.marketdata.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/** Settings of market-data-service, under {@code coinlens.market-data}. */
@Validated
@ConfigurationProperties("coinlens.market-data")
public record MarketDataProperties(@Valid @DefaultValue Binance binance, @Valid @DefaultValue Tickers tickers,
        @Valid @DefaultValue Stream stream) {

    /**
     * Where and how the Binance connector connects: the real exchange in production, the simulator locally.
     *
     * @param apiKey               needed by Binance for historicalTrades, i.e. for backfill; from a secret, never in git
     * @param symbols              canonical symbols to ingest
     * @param streamsPerConnection Binance allows at most 1,024 streams per connection; more symbols are sharded
     * @param connectionLifetime   Binance closes a connection after 24 h; we rotate before, with an overlap
     * @param backfillMaxTrades    the most trades fetched over REST to close one gap; older ones are reported lost
     * @param weightPerMinute      the request-weight budget shared by every replica (Binance allows 6,000)
     */
    public record Binance(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("wss://stream.binance.com:9443") String streamUrl,
            @DefaultValue("https://api.binance.com") String restUrl,
            @DefaultValue("") String apiKey,
            @NotEmpty @DefaultValue({"BTC-USDT", "ETH-USDT"}) List<String> symbols,
            @Min(1) @Max(1024) @DefaultValue("1024") int streamsPerConnection,
            @DefaultValue("23h") Duration connectionLifetime,
            @DefaultValue("10s") Duration rotationOverlap,
            @DefaultValue("500ms") Duration reconnectInitialBackoff,
            @DefaultValue("30s") Duration reconnectMaxBackoff,
            @Min(1) @DefaultValue("100000") int backfillMaxTrades,
            @Min(1) @Max(6000) @DefaultValue("5000") int weightPerMinute) {
    }

    /** @param flushInterval how often the latest prices are written to Redis */
    public record Tickers(@DefaultValue("250ms") Duration flushInterval) {
    }

    /**
     * The live stream API at {@code /ws}.
     *
     * @param maxStreamsPerConnection  subscriptions one connection may hold
     * @param maxMessagesPerSecond     control messages a client may send per second (Binance allows 5)
     * @param maxFrameBytes            the largest frame a client may send
     * @param sendBuffer               messages queued for one connection; a client further behind is disconnected
     * @param pingInterval             how often the server pings
     * @param allowedOrigins           browser origins allowed to connect; clients that send no Origin are allowed
     */
    public record Stream(
            @Min(1) @DefaultValue("200") int maxStreamsPerConnection,
            @Min(1) @DefaultValue("5") int maxMessagesPerSecond,
            @Min(256) @DefaultValue("4096") int maxFrameBytes,
            @Min(16) @DefaultValue("1024") int sendBuffer,
            @DefaultValue("20s") Duration pingInterval,
            @DefaultValue({"http://localhost:3000", "http://localhost:8080"}) List<String> allowedOrigins) {
    }
}
