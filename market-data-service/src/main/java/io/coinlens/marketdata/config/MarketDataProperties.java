package io.coinlens.marketdata.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of market-data-service, under {@code coinlens.market-data}. */
@Validated
@ConfigurationProperties("coinlens.market-data")
public record MarketDataProperties(@Valid @DefaultValue Binance binance, @Valid @DefaultValue Coinbase coinbase,
        @Valid @DefaultValue Tickers tickers, @Valid @DefaultValue Stream stream,
        @Valid @DefaultValue LeaderElection leaderElection) {

    /** Every symbol ingested, Binance's then Coinbase's: what the ticker and stream APIs accept. */
    public List<String> symbols() {
        List<String> all = new ArrayList<>(binance.symbols());
        if (coinbase.enabled()) {
            all.addAll(coinbase.products());
        }
        return all;
    }

    /**
     * Where and how the Binance connector connects: the real exchange in production, the simulator locally.
     *
     * @param apiKey               needed by Binance for historicalTrades, i.e. for backfill; from a secret, never in git
     * @param symbols              canonical symbols to ingest
     * @param streamsPerConnection Binance allows at most 1,024 streams per connection; more symbols are sharded
     * @param connectionLifetime   Binance closes a connection after 24 h; we rotate before, with an overlap
     * @param backfillMaxTrades    the most trades fetched over REST to close one gap; older ones are reported lost
     * @param backfillBufferTrades the most live trades held back (all symbols) while the gaps before them are fetched;
     *                             more are fetched over REST too (about 200 bytes each)
     * @param weightPerMinute      the request-weight budget shared by every replica (Binance allows 6,000)
     * @param idleTimeout          a connection silent this long is replaced ({@code !miniTicker@arr} comes every second)
     * @param readAheadFrames      frames a shard reads ahead of handling them (about 250 bytes each), so that a
     *                             moment of slow handling does not get the connection cut as a slow consumer
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
            @Min(0) @DefaultValue("500000") int backfillBufferTrades,
            @Min(1) @Max(6000) @DefaultValue("5000") int weightPerMinute,
            @DefaultValue("10s") Duration idleTimeout,
            @Min(1) @DefaultValue("200000") int readAheadFrames) {
    }

    /**
     * Coinbase Advanced Trade's market data WebSocket, channels {@code market_trades} and {@code heartbeats}.
     *
     * @param products    Coinbase product ids, which are canonical symbols already ({@code BTC-USD})
     * @param idleTimeout heartbeats come every second: this long without any message means a dead connection
     */
    public record Coinbase(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("wss://advanced-trade-ws.coinbase.com") String url,
            @NotEmpty @DefaultValue({"BTC-USD", "ETH-USD"}) List<String> products,
            @DefaultValue("500ms") Duration reconnectInitialBackoff,
            @DefaultValue("30s") Duration reconnectMaxBackoff,
            @DefaultValue("10s") Duration idleTimeout,
            @Min(1) @DefaultValue("200000") int readAheadFrames) {
    }

    /**
     * One ingester per shard across replicas: each shard's connection runs only on the holder of the coordination
     * Lease {@code coinlens-market-data-shard-<id>}. On with the {@code kubernetes} profile; off, every shard runs here.
     *
     * @param namespace     where the leases live; empty means the pod's own namespace
     * @param identity      who holds a lease; empty means {@code HOSTNAME}, i.e. the pod name
     * @param leaseDuration how long a lease stays held after its last renewal: the longest a crashed leader blocks
     * @param renewDeadline a leader that cannot renew within this gives its shard up (shorter than the lease)
     * @param retryPeriod   how often candidates try, and leaders renew
     */
    public record LeaderElection(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String namespace,
            @DefaultValue("") String identity,
            @DefaultValue("15s") Duration leaseDuration,
            @DefaultValue("10s") Duration renewDeadline,
            @DefaultValue("2s") Duration retryPeriod) {

        @AssertTrue(message = "renew-deadline must be shorter than lease-duration, and retry-period than renew-deadline")
        public boolean isOrdered() {
            return renewDeadline.compareTo(leaseDuration) < 0 && retryPeriod.compareTo(renewDeadline) < 0;
        }
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
