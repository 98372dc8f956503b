package io.coinlens.marketdata.binance;

import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import io.coinlens.contracts.Symbols;
import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.ticker.TickerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Binance trade streams through binance-connector-java: symbols sharded over connections of at most 1,024 streams,
 * each reconnected with exponential back-off and jitter, rotated before Binance's 24-hour cut-off (the new connection
 * opens before the old one closes; the sequencer drops the overlap) and on {@code serverShutdown}. Whatever a
 * disconnect missed, the sequencer backfills by trade id.
 */
public class BinanceStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BinanceStreams.class);
    private static final int MAX_LOGGED_FRAME = 1000;

    private final MarketDataProperties.Binance settings;
    private final WebSocketStreamClientImpl client;
    private final BinanceFrames frames;
    private final TradeSequencer sequencer;
    private final TickerStore tickers;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "binance-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Shard> shards = new ArrayList<>();
    private volatile boolean running;

    public BinanceStreams(MarketDataProperties.Binance settings, WebSocketStreamClientImpl client, BinanceFrames frames,
            TradeSequencer sequencer, TickerStore tickers, IngestionMetrics metrics, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.frames = frames;
        this.sequencer = sequencer;
        this.tickers = tickers;
        this.metrics = metrics;
        this.clock = clock;
        List<String> streams = new ArrayList<>();
        for (String symbol : settings.symbols()) {
            streams.add(Symbols.toNative(symbol).toLowerCase(Locale.ROOT) + "@trade");
        }
        for (int from = 0; from < streams.size(); from += settings.streamsPerConnection() - 1) {
            List<String> shard = new ArrayList<>(streams.subList(from,
                    Math.min(streams.size(), from + settings.streamsPerConnection() - 1)));
            shard.add("!miniTicker@arr");
            shards.add(new Shard(shards.size(), shard));
        }
    }

    /** One group of streams on one connection at a time (two, briefly, while rotating). */
    final class Shard {
        final int index;
        final ArrayList<String> streams;
        volatile int connectionId = -1;
        volatile int attempts;

        Shard(int index, List<String> streams) {
            this.index = index;
            this.streams = new ArrayList<>(streams);
        }

        synchronized void connect() {
            if (!running) {
                return;
            }
            int[] self = new int[1];
            self[0] = client.combineStreams(streams,
                    response -> onOpen(self[0]),
                    text -> onFrame(self[0], text),
                    (code, reason) -> log.info("binance shard {} connection {} closing: {} {}", index, self[0], code, reason),
                    (code, reason) -> onClosed(self[0], "closed"),
                    (failure, response) -> onClosed(self[0], "failure: " + failure));
            int previous = connectionId;
            connectionId = self[0];
            if (previous >= 0) {
                // Rotation: keep the old connection for the overlap, so no trade falls between the two.
                scheduler.schedule(() -> client.closeConnection(previous), settings.rotationOverlap().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            int id = connectionId;
            long lifetime = settings.connectionLifetime().toMillis();
            scheduler.schedule(() -> rotate(id, "lifetime"), lifetime, TimeUnit.MILLISECONDS);
        }

        private void onOpen(int id) {
            attempts = 0;
            log.info("binance shard {} connected ({} streams, connection {})", index, streams.size(), id);
        }

        private void onFrame(int id, String text) {
            BinanceFrames.Frame frame;
            try {
                frame = frames.parse(text, clock.millis());
            } catch (BinanceFrames.MalformedFrameException e) {
                metrics.malformed(BinanceFrames.EXCHANGE);
                log.warn("malformed Binance frame on shard {} ({}): {}", index, e.getMessage(),
                        text.length() > MAX_LOGGED_FRAME ? text.substring(0, MAX_LOGGED_FRAME) + "..." : text);
                return;
            }
            try {
                if (frame instanceof BinanceFrames.Trade trade) {
                    sequencer.accept(trade.trade());
                } else if (frame instanceof BinanceFrames.MiniTickers miniTickers) {
                    tickers.updateStatistics(miniTickers.tickers());
                } else if (frame instanceof BinanceFrames.ServerShutdown) {
                    scheduler.execute(() -> rotate(id, "server-shutdown"));
                }
            } catch (RuntimeException e) {
                // Never let one frame stop the stream.
                log.error("cannot process a Binance frame on shard {}: {}", index, e.toString());
            }
        }

        private void onClosed(int id, String why) {
            if (!running || id != connectionId) {
                return;
            }
            metrics.reconnect(BinanceFrames.EXCHANGE, why.startsWith("failure") ? "failure" : "closed");
            long base = Math.min(settings.reconnectMaxBackoff().toMillis(),
                    settings.reconnectInitialBackoff().toMillis() << Math.min(attempts, 16));
            long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            attempts++;
            log.warn("binance shard {} connection {} lost ({}); reconnecting in {} ms", index, id, why, delay);
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }

        private void rotate(int id, String reason) {
            if (running && id == connectionId) {
                log.info("binance shard {}: rotating connection {} ({})", index, id, reason);
                metrics.reconnect(BinanceFrames.EXCHANGE, reason);
                connect();
            }
        }
    }

    int shardCount() {
        return shards.size();
    }

    @Override
    public void start() {
        running = true;
        shards.forEach(Shard::connect);
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        // Not closeAllConnections(): it shuts down the connector's HTTP dispatcher for the whole JVM.
        shards.forEach(shard -> {
            if (shard.connectionId >= 0) {
                client.closeConnection(shard.connectionId);
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
