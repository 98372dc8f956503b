package io.coinlens.simulator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Settings of the exchange simulator, under {@code coinlens.simulator}; every one can be given on the command line,
 * e.g. {@code --coinlens.simulator.replay.speed=60}.
 *
 * @param seed the seed of every random choice, so that a run can be repeated trade for trade
 */
@Validated
@ConfigurationProperties("coinlens.simulator")
public record SimulatorProperties(
        @DefaultValue("42") long seed,
        @DefaultValue @Valid Replay replay,
        @DefaultValue @Valid Load load,
        @DefaultValue @Valid History history,
        @DefaultValue @Valid Binance binance,
        @DefaultValue @Valid Coinbase coinbase,
        @DefaultValue @Valid Faults faults,
        @DefaultValue @Valid Account account) {

    /**
     * One spot account behind Binance's signed endpoints ({@code /api/v3/account}, {@code /api/v3/myTrades}): it
     * takes part in every {@code tradeEvery}-th replayed trade, buying twice for each sale. The key and secret are
     * the simulator's own made-up credentials, not anyone's secret.
     *
     * @param apiKey        the {@code X-MBX-APIKEY} it answers to
     * @param apiSecret     the HMAC-SHA256 key requests must be signed with
     * @param tradeEvery    the account's share of the replayed trades
     * @param startingQuote what the account holds in each quote asset (USDT) before its first trade
     */
    public record Account(
            @DefaultValue("local-simulator") @NotEmpty String apiKey,
            @DefaultValue("local-simulator-signing-key") @NotEmpty String apiSecret,
            @DefaultValue("500") @Min(1) int tradeEvery,
            @DefaultValue("1000000") @NotNull java.math.BigDecimal startingQuote) {
    }

    /**
     * What is replayed and how fast.
     *
     * @param series          bundled series to replay, one per symbol (see the README for their names)
     * @param start           the source time the replay starts at; a series that does not cover it starts at its first candle
     * @param speed           source milliseconds per wall millisecond: 14400 plays one 4h candle per second, 1 is real time
     * @param tradesPerCandle the mean number of trades generated inside one candle (the actual count varies ±50%)
     * @param tick            how often the replay clock advances and emits the trades that fell due
     * @param warmup          wall time of history made up before start-up, so REST backfill finds trades at once
     * @param firstTradeId    the id of each symbol's first trade
     */
    public record Replay(
            @DefaultValue({"BTC-USD-4h", "ETH-USD-4h"}) @NotEmpty List<String> series,
            @DefaultValue("2024-06-15T00:00:00Z") @NotNull Instant start,
            @DefaultValue("14400") @Positive double speed,
            @DefaultValue("40") @Min(1) @Max(10_000) int tradesPerCandle,
            @DefaultValue("100ms") @NotNull Duration tick,
            @DefaultValue("10m") @NotNull Duration warmup,
            @DefaultValue("1") @Min(0) long firstTradeId) {
    }

    /**
     * Synthetic symbols ({@code SYN0001USDT}, …) trading a random walk, to load the consumers.
     *
     * @param symbols how many; 0 turns load mode off
     * @param rate    trades per second over all synthetic symbols together
     */
    public record Load(@DefaultValue("0") @Min(0) @Max(9_999) int symbols, @DefaultValue("1000") @Positive double rate) {
    }

    /**
     * How much of what was sent is kept for REST backfill, per symbol.
     *
     * @param maxTrades trades kept (the oldest are dropped first)
     * @param maxKlines klines kept per interval (1500 one-minute klines cover the 24h ticker window)
     */
    public record History(@DefaultValue("200000") @Min(100) int maxTrades, @DefaultValue("1500") @Min(10) int maxKlines) {
    }

    /**
     * The Binance side.
     *
     * @param pingInterval       how often the server pings each WebSocket
     * @param connectionLifetime when a connection gets {@code serverShutdown} and is closed (Binance: 24 hours)
     * @param weightLimit        REST request weight allowed per IP per minute before 429
     * @param klineInterval      how often an open kline's update is pushed (a closing kline is pushed at once)
     * @param tickerInterval     how often {@code !miniTicker@arr} is pushed
     * @param maxStreams         streams one connection may hold
     * @param maxBacklog         messages queued for a connection that reads too slowly before it is closed
     * @param maxIncomingPerSecond control messages a connection may send per second before it is cut, as Binance does
     */
    public record Binance(
            @DefaultValue("20s") @NotNull Duration pingInterval,
            @DefaultValue("24h") @NotNull Duration connectionLifetime,
            @DefaultValue("6000") @Min(1) int weightLimit,
            @DefaultValue("1s") @NotNull Duration klineInterval,
            @DefaultValue("1s") @NotNull Duration tickerInterval,
            @DefaultValue("1024") @Min(1) int maxStreams,
            @DefaultValue("100000") @Min(16) int maxBacklog,
            @DefaultValue("5") @Min(1) int maxIncomingPerSecond) {
    }

    /**
     * The Coinbase Advanced Trade side.
     *
     * @param heartbeatInterval how often the {@code heartbeats} channel beats
     * @param snapshotTrades    how many recent trades the first {@code market_trades} message carries
     * @param maxBacklog        messages queued for a connection that reads too slowly before it is closed
     */
    public record Coinbase(@DefaultValue("1s") @NotNull Duration heartbeatInterval,
            @DefaultValue("50") @Min(0) @Max(1000) int snapshotTrades,
            @DefaultValue("100000") @Min(16) int maxBacklog) {
    }

    /**
     * Faults injected on a schedule; each period of 0 turns its fault off. The same faults can be set off at any time
     * through {@code /sim/faults}.
     */
    public record Faults(
            @DefaultValue("0s") @NotNull Duration dropEvery,
            @DefaultValue("0s") @NotNull Duration stallEvery,
            @DefaultValue("5s") @NotNull Duration stallFor,
            @DefaultValue("0s") @NotNull Duration duplicateEvery,
            @DefaultValue("0s") @NotNull Duration reorderEvery,
            @DefaultValue("0s") @NotNull Duration lateEvery,
            @DefaultValue("30s") @NotNull Duration lateBy,
            @DefaultValue("0s") @NotNull Duration malformedEvery) {
    }
}
