package io.coinlens.marketdata.stream;

import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One client connection's subscriptions and its bounded outbound queue. Every message carries a sequence number per
 * stream, so a client sees what it missed. Conflated streams keep one slot per stream: a slow client gets the latest
 * value, not a backlog. A client whose queue overflows is disconnected, so it never holds more than the bound.
 */
final class StreamSession {

    /** Sent when a client falls further behind than its send buffer. */
    static final CloseStatus TOO_SLOW = new CloseStatus(4008, "too slow: the send buffer overflowed");

    private final String id;
    private final String userId;
    private final Sinks.Many<Object> outbound;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<String>> latest = new ConcurrentHashMap<>();
    private final Consumer<CloseStatus> closer;
    private final StreamMetrics metrics;
    private volatile boolean closed;

    /** {@code userId}: the subject of the verified access token the connection was opened with, or null. */
    StreamSession(String id, String userId, int sendBuffer, Consumer<CloseStatus> closer, StreamMetrics metrics) {
        this.id = id;
        this.userId = userId;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(sendBuffer));
        this.closer = closer;
        this.metrics = metrics;
    }

    String id() {
        return id;
    }

    String userId() {
        return userId;
    }

    Set<String> subscriptions() {
        return subscriptions;
    }

    /** What to write to the socket, in order; conflation slots are read at the moment of writing. */
    Flux<String> outbound() {
        return outbound.asFlux().mapNotNull(item -> item instanceof AtomicReference<?> slot
                ? (String) slot.getAndSet(null) : (String) item);
    }

    /** A reply to the client's own request: never conflated. */
    void reply(String json) {
        emit(json);
    }

    void deliver(String stream, boolean conflated, String data) {
        if (closed || !subscriptions.contains(stream)) {
            return;
        }
        long seq = sequences.computeIfAbsent(stream, s -> new AtomicLong()).incrementAndGet();
        String message = "{\"stream\":\"" + stream + "\",\"seq\":" + seq + ",\"data\":" + data + "}";
        if (conflated) {
            AtomicReference<String> slot = latest.computeIfAbsent(stream, s -> new AtomicReference<>());
            if (slot.getAndSet(message) != null) {
                metrics.conflated();
                return;
            }
            emit(slot);
        } else {
            emit(message);
        }
    }

    private synchronized void emit(Object item) {
        if (closed) {
            return;
        }
        Sinks.EmitResult result = outbound.tryEmitNext(item);
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            metrics.dropped("too-slow");
            close(TOO_SLOW);
        }
    }

    void close(CloseStatus status) {
        if (!closed) {
            closed = true;
            outbound.tryEmitComplete();
            closer.accept(status);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
