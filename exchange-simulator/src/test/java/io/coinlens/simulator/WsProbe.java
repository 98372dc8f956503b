package io.coinlens.simulator;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A bare WebSocket client for tests: records every frame it receives (pings as {@code PING:<payload>}), sends text,
 * and tells when and how the server closed.
 */
public final class WsProbe implements AutoCloseable {

    public static final String PING = "PING:";

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();
    private final Disposable connection;

    private WsProbe(URI uri) {
        ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(HttpClient.create(),
                () -> WebsocketClientSpec.builder().handlePing(true).maxFramePayloadLength(1 << 24));
        connection = client.execute(uri, session -> {
            opened.countDown();
            Mono<Void> input = session.receive()
                    .doOnNext(m -> frames.add(m.getType() == WebSocketMessage.Type.PING ? PING + m.getPayloadAsText()
                            : m.getPayloadAsText()))
                    .then();
            Mono<Void> output = session.send(outgoing.asFlux().map(session::textMessage));
            session.closeStatus().subscribe(closeStatus::set);
            // Done when the server closes (or cuts) the connection; sending goes on until then.
            return Mono.firstWithSignal(input.onErrorResume(e -> Mono.empty()), output.onErrorResume(e -> Mono.never()));
        }).doFinally(s -> closed.countDown()).subscribe(v -> { }, e -> { });
    }

    public static WsProbe open(URI uri) {
        WsProbe probe = new WsProbe(uri);
        try {
            if (!probe.opened.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no WebSocket connection to " + uri);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return probe;
    }

    public void send(String text) {
        outgoing.tryEmitNext(text);
    }

    /** The next frame, or null if none came within {@code timeout}. */
    public String next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next frame matching {@code wanted}, skipping others; null if none came within {@code timeout}. */
    public String next(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** Frames until {@code count} matched or {@code timeout} passed; the matching ones in order. */
    public List<String> collect(Predicate<String> wanted, int count, Duration timeout) {
        List<String> matched = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matched.size() < count && System.nanoTime() < deadline) {
            String frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame != null && wanted.test(frame)) {
                matched.add(frame);
            }
        }
        return matched;
    }

    /** Everything received so far and not yet read. */
    public List<String> drain() {
        List<String> rest = new ArrayList<>();
        frames.drainTo(rest);
        return rest;
    }

    public boolean awaitClosed(Duration timeout) {
        try {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public CloseStatus closeStatus() {
        return closeStatus.get();
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
