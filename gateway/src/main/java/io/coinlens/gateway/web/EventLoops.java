package io.coinlens.gateway.web;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings a request back to its own connection's event loop. Lettuce answers on its one I/O thread; without the hop,
 * everything after the rate limit (routing, the proxied call, the response) for every request ran on that thread.
 */
public final class EventLoops {

    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    private EventLoops() {
    }

    /** {@code mono}, with its result delivered on the exchange's event loop (unchanged if it has none). */
    public static <T> Mono<T> backOnEventLoop(ServerWebExchange exchange, Mono<T> mono) {
        EventLoop loop = eventLoop(exchange);
        return loop == null ? mono : mono.publishOn(scheduler(loop));
    }

    /** {@code mono}, with its result delivered on the connection's event loop. */
    public static <T> Mono<T> backOnEventLoop(Connection connection, Mono<T> mono) {
        return mono.publishOn(scheduler(connection.channel().eventLoop()));
    }

    /** {@code mono}, subscribed on the exchange's event loop unless already there. */
    public static <T> Mono<T> subscribeOnEventLoop(ServerWebExchange exchange, Mono<T> mono) {
        EventLoop loop = eventLoop(exchange);
        return loop == null || loop.inEventLoop() ? mono : mono.subscribeOn(scheduler(loop));
    }

    private static Scheduler scheduler(EventLoop loop) {
        return SCHEDULERS.computeIfAbsent(loop, Schedulers::fromExecutor);
    }

    private static EventLoop eventLoop(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }
}
