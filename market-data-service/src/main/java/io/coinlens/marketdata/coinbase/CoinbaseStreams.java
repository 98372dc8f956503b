package io.coinlens.marketdata.coinbase;

import io.coinlens.contracts.TradeRecorded;
import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.IngestionShard;
import io.coinlens.marketdata.ingest.IngestionShards;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.ticker.TickerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coinbase Advanced Trade's {@code market_trades} channel (with {@code heartbeats}, which keeps the connection
 * alive and tells a dead one from a quiet market) on one WebSocket, through the same sequencer and publisher as
 * Binance. Reconnects with exponential back-off and jitter; each (re)subscription's snapshot of recent trades bridges
 * a short disconnect, and the sequencer drops its overlap. A gap in {@code sequence_num} is counted.
 */
public class CoinbaseStreams implements IngestionShards, IngestionShard, AutoCloseable {

    public static final String SHARD_ID = "coinbase";

    private static final Logger log = LoggerFactory.getLogger(CoinbaseStreams.class);
    private static final int MAX_LOGGED_FRAME = 1000;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private final MarketDataProperties.Coinbase settings;
    private final WebSocketClient client;
    private final CoinbaseFrames frames;
    private final TradeSequencer sequencer;
    private final TickerStore tickers;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final ExecutorService ingestThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "coinbase-ingest");
        thread.setDaemon(true);
        return thread;
    });
    // Frames are handled off the event loop: the sequencer may read its checkpoint from Redis, and Kafka may block.
    private final Scheduler ingest = Schedulers.fromExecutorService(ingestThread);
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean running;
    private volatile Disposable connection;

    public CoinbaseStreams(MarketDataProperties.Coinbase settings, WebSocketClient client, CoinbaseFrames frames,
            TradeSequencer sequencer, TickerStore tickers, IngestionMetrics metrics, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.frames = frames;
        this.sequencer = sequencer;
        this.tickers = tickers;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<CoinbaseStreams> shards() {
        return List.of(this);
    }

    @Override
    public String id() {
        return SHARD_ID;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        attempts.set(0);
        log.info("coinbase: connecting to {} for {}", settings.url(), settings.products());
        connection = Mono.defer(this::connectOnce)
                // A close by the server is a reason to reconnect, as much as a failure.
                .then(Mono.<Void>error(new ConnectionClosed()))
                .retryWhen(Retry.from(failures -> failures.concatMap(failure -> reconnectDelay(failure.failure()))))
                .subscribe();
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            connection.dispose();
        }
        tickers.flush().block(FLUSH_TIMEOUT);
        sequencer.forget(settings.products());
        log.info("coinbase: stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
        ingest.dispose();
        sequencer.close();
    }

    private Mono<Void> connectOnce() {
        Connection state = new Connection();
        return client.execute(URI.create(settings.url()), session -> session.send(Flux.just(
                                subscribe("market_trades", settings.products()), subscribe("heartbeats", List.of()))
                        .map(session::textMessage))
                .and(session.receive()
                        .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                        .map(WebSocketMessage::getPayloadAsText)
                        .timeout(settings.idleTimeout())
                        .publishOn(ingest)
                        .doOnNext(text -> onFrame(state, text))
                        .then()));
    }

    private Mono<Long> reconnectDelay(Throwable failure) {
        if (!running) {
            return Mono.empty();
        }
        String reason = failure instanceof ConnectionClosed ? "closed"
                : failure instanceof TimeoutException ? "idle" : "failure";
        metrics.reconnect(CoinbaseFrames.EXCHANGE, reason);
        long base = Math.min(settings.reconnectMaxBackoff().toMillis(),
                settings.reconnectInitialBackoff().toMillis() << Math.min(attempts.getAndIncrement(), 16));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        log.warn("coinbase connection lost ({}: {}); reconnecting in {} ms", reason, failure.toString(), delay);
        return Mono.delay(Duration.ofMillis(delay));
    }

    private void onFrame(Connection state, String text) {
        if (!running) {
            return;
        }
        CoinbaseFrames.Frame frame;
        try {
            frame = frames.parse(text, clock.millis());
        } catch (CoinbaseFrames.MalformedFrameException e) {
            metrics.malformed(CoinbaseFrames.EXCHANGE);
            log.warn("malformed Coinbase frame ({}): {}", e.getMessage(),
                    text.length() > MAX_LOGGED_FRAME ? text.substring(0, MAX_LOGGED_FRAME) + "..." : text);
            return;
        }
        try {
            if (frame instanceof CoinbaseFrames.Trades trades) {
                state.sequenced(trades.sequence());
                for (TradeRecorded trade : trades.trades()) {
                    sequencer.accept(trade);
                }
            } else if (frame instanceof CoinbaseFrames.Other other) {
                state.sequenced(other.sequence());
            } else if (frame instanceof CoinbaseFrames.Failure failure) {
                log.warn("coinbase refused a request: {}", failure.message());
            }
        } catch (RuntimeException e) {
            // Never let one frame stop the stream.
            log.error("cannot process a Coinbase frame: {}", e.toString());
        }
    }

    private static String subscribe(String channel, List<String> products) {
        StringBuilder json = new StringBuilder("{\"type\":\"subscribe\",\"channel\":\"").append(channel)
                .append("\",\"product_ids\":[");
        for (int i = 0; i < products.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(products.get(i)).append('"');
        }
        return json.append("]}").toString();
    }

    /** One connection's message numbering; touched only on the ingest thread. */
    private final class Connection {
        private long lastSequence = -1;

        void sequenced(long sequence) {
            if (lastSequence < 0) {
                attempts.set(0);
                log.info("coinbase connected; first message #{}", sequence);
            } else if (sequence > lastSequence + 1) {
                metrics.sequenceGap(CoinbaseFrames.EXCHANGE, sequence - lastSequence - 1);
                log.warn("coinbase: messages #{}..#{} never arrived", lastSequence + 1, sequence - 1);
            }
            lastSequence = Math.max(lastSequence, sequence);
        }
    }

    private static final class ConnectionClosed extends RuntimeException {
        ConnectionClosed() {
            super("closed by the server", null, false, false);
        }
    }
}
