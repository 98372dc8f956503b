package io.coinlens.marketdata.binance;

import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import io.coinlens.contracts.Symbols;
import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.IngestionShard;
import io.coinlens.marketdata.ingest.IngestionShards;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.ticker.TickerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Binance trade streams through binance-connector-java: symbols sharded over connections of at most 1,024 streams,
 * each reconnected with exponential back-off and jitter, rotated before Binance's 24-hour cut-off (the new connection
 * opens before the old one closes; the sequencer drops the overlap) and on {@code serverShutdown}. Whatever a
 * disconnect missed, the sequencer backfills by trade id. Each shard is started and stopped on its own, so that in
 * Kubernetes only the replica leading a shard runs it.
 */
public class BinanceStreams implements IngestionShards, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BinanceStreams.class);
    private static final int MAX_LOGGED_FRAME = 1000;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

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
    private volatile boolean closed;

    public BinanceStreams(MarketDataProperties.Binance settings, WebSocketStreamClientImpl client, BinanceFrames frames,
            TradeSequencer sequencer, TickerStore tickers, IngestionMetrics metrics, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.frames = frames;
        this.sequencer = sequencer;
        this.tickers = tickers;
        this.metrics = metrics;
        this.clock = clock;
        List<String> symbols = settings.symbols();
        int perShard = Math.max(1, settings.streamsPerConnection() - 1);
        for (int from = 0; from < symbols.size(); from += perShard) {
            shards.add(new Shard(shards.size(), symbols.subList(from, Math.min(symbols.size(), from + perShard))));
        }
        metrics.readAhead(BinanceFrames.EXCHANGE, () -> shards.stream().mapToInt(s -> s.received.size()).sum());
        long check = Math.max(100, settings.idleTimeout().toMillis() / 2);
        scheduler.scheduleWithFixedDelay(this::rotateSilentConnections, check, check, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code !miniTicker@arr} arrives every second, so silence means a dead connection that was never closed (a
     * stalled peer, a half-open TCP connection, an exchange that stopped sending to a slow consumer).
     */
    private void rotateSilentConnections() {
        long now = clock.millis();
        for (Shard shard : shards) {
            int id = shard.connectionId;
            // After a failure (attempts > 0) the back-off is already reconnecting.
            if (shard.running && id >= 0 && shard.attempts == 0
                    && now - shard.lastFrameAt > settings.idleTimeout().toMillis()) {
                log.warn("binance shard {}: nothing received for {} ms", shard.index, now - shard.lastFrameAt);
                shard.rotate(id, "idle");
            }
        }
    }

    /**
     * One group of streams on one connection at a time (two, briefly, while rotating). Its id is its index, so its
     * lease is {@code coinlens-market-data-shard-<index>}.
     */
    final class Shard implements IngestionShard {
        final int index;
        final List<String> symbols;
        final ArrayList<String> streams = new ArrayList<>();
        volatile boolean running;
        volatile int connectionId = -1;
        volatile int attempts;
        volatile long lastFrameAt;
        /** Frames read but not handled yet, from this shard's connection (two while rotating). */
        final BlockingQueue<Received> received;
        Thread worker;
        /** Logged once until the queue has been empty again. */
        volatile boolean readAheadFull;
        /** The connection whose loss is being handled: closing and closed both report it. */
        int lostConnectionId = -1;

        Shard(int index, List<String> symbols) {
            this.index = index;
            this.symbols = List.copyOf(symbols);
            for (String symbol : symbols) {
                streams.add(Symbols.toNative(symbol).toLowerCase(Locale.ROOT) + "@trade");
            }
            streams.add("!miniTicker@arr");
            received = new ArrayBlockingQueue<>(settings.readAheadFrames());
        }

        @Override
        public String id() {
            return Integer.toString(index);
        }

        @Override
        public synchronized void start() {
            if (running || closed) {
                return;
            }
            running = true;
            attempts = 0;
            log.info("binance shard {} starting ({} symbols)", index, symbols.size());
            sequencer.load(symbols);
            received.clear();
            worker = new Thread(this::handleReceived, "binance-shard-" + index);
            worker.setDaemon(true);
            worker.start();
            connect();
        }

        @Override
        public void stop() {
            int id;
            Thread handler;
            synchronized (this) {
                if (!running) {
                    return;
                }
                running = false;
                id = connectionId;
                connectionId = -1;
                handler = worker;
                worker = null;
            }
            // Not closeAllConnections(): it shuts down the connector's HTTP dispatcher for the whole JVM.
            if (id >= 0) {
                client.closeConnection(id);
            }
            // No trade may reach the sequencer after forget(): it would start again from a checkpoint that is older
            // than what was just published, and publish the difference twice.
            join(handler);
            received.clear();
            // What this replica published is checkpointed, and forgotten: a later leader starts from the checkpoint.
            tickers.flush().block(FLUSH_TIMEOUT);
            sequencer.forget(symbols);
            log.info("binance shard {} stopped", index);
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        synchronized void connect() {
            if (!running) {
                return;
            }
            int[] self = new int[1];
            self[0] = client.combineStreams(streams,
                    response -> onOpen(self[0]),
                    text -> receive(self[0], text),
                    (code, reason) -> onClosing(self[0], code, reason),
                    (code, reason) -> onClosed(self[0], "closed"),
                    (failure, response) -> onClosed(self[0], "failure: " + failure));
            int previous = connectionId;
            connectionId = self[0];
            lastFrameAt = clock.millis();
            if (previous >= 0) {
                // Rotation: keep the old connection for the overlap, so no trade falls between the two.
                schedule(() -> client.closeConnection(previous), settings.rotationOverlap().toMillis());
            }
            int id = connectionId;
            schedule(() -> rotate(id, "lifetime"), settings.connectionLifetime().toMillis());
        }

        private void onOpen(int id) {
            attempts = 0;
            log.info("binance shard {} connected ({} streams, connection {})", index, streams.size(), id);
        }

        /**
         * On the connection's thread: only queue the frame, so that the connection is read as fast as the exchange
         * sends even while handling falls behind for a while (start-up, a GC pause, a CPU-starved moment); an exchange
         * cuts a connection whose own send buffer fills. Waits when the queue is full.
         */
        private void receive(int id, String text) {
            lastFrameAt = clock.millis();
            Received frame = new Received(id, text);
            if (received.offer(frame)) {
                return;
            }
            if (!readAheadFull) {
                readAheadFull = true;
                log.warn("binance shard {}: {} frames read ahead and not handled yet; reading waits", index,
                        received.size());
            }
            try {
                while (running && !received.offer(frame, 100, TimeUnit.MILLISECONDS)) {
                    // Full: the exchange's buffer takes the rest, as it would without this queue.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void handleReceived() {
            List<Received> batch = new ArrayList<>(256);
            while (running) {
                try {
                    Received first = received.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        readAheadFull = false;
                        continue;
                    }
                    batch.add(first);
                } catch (InterruptedException e) {
                    return;
                }
                received.drainTo(batch, 255);
                for (Received frame : batch) {
                    onFrame(frame.connection(), frame.text());
                }
                batch.clear();
            }
        }

        private void onFrame(int id, String text) {
            if (!running) {
                return;
            }
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
                    schedule(() -> rotate(id, "server-shutdown"), 0);
                }
            } catch (RuntimeException e) {
                // Never let one frame stop the stream.
                log.error("cannot process a Binance frame on shard {}: {}", index, e.toString());
            }
        }

        /**
         * The exchange closed (e.g. 1008 for a slow consumer): the connector only reports it, and OkHttp reports the
         * connection closed only once we close it too, so without this a cut connection stayed dead until the idle
         * check (10 s of live trades more to backfill).
         */
        private void onClosing(int id, int code, String reason) {
            log.info("binance shard {} connection {} closing: {} {}", index, id, code, reason);
            if (running && id == connectionId) {
                client.closeConnection(id);
                onClosed(id, "closed");
            }
        }

        private synchronized void onClosed(int id, String why) {
            if (!running || id != connectionId || id == lostConnectionId) {
                return;
            }
            lostConnectionId = id;
            metrics.reconnect(BinanceFrames.EXCHANGE, why.startsWith("failure") ? "failure" : "closed");
            long base = Math.min(settings.reconnectMaxBackoff().toMillis(),
                    settings.reconnectInitialBackoff().toMillis() << Math.min(attempts, 16));
            long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            attempts++;
            log.warn("binance shard {} connection {} lost ({}); reconnecting in {} ms", index, id, why, delay);
            schedule(this::connect, delay);
        }

        void rotate(int id, String reason) {
            if (running && id == connectionId) {
                log.info("binance shard {}: rotating connection {} ({})", index, id, reason);
                metrics.reconnect(BinanceFrames.EXCHANGE, reason);
                connect();
            }
        }
    }

    private record Received(int connection, String text) {
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(FLUSH_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shards are started and stopped one by one, by {@code ShardLeadership}; closing stops them all. */
    @Override
    public List<Shard> shards() {
        return shards;
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: nothing more to do.
        }
    }

    @Override
    public void close() {
        closed = true;
        shards.forEach(Shard::stop);
        scheduler.shutdownNow();
        sequencer.close();
    }
}
