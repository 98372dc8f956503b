package io.coinlens.simulator.binance;

import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.fault.Disconnects;
import io.coinlens.simulator.fault.SlowConsumers;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.Ticker;
import io.coinlens.simulator.market.Trade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Binance's market streams: raw at {@code /ws/<stream>} (or {@code /ws} and SUBSCRIBE), combined at
 * {@code /stream?streams=a/b} with the {@code {"stream":…,"data":…}} envelope. Answers the live control messages,
 * pings every 20 s, and after the connection lifetime sends {@code serverShutdown} and closes.
 */
public class BinanceWebSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(BinanceWebSocketHandler.class);

    /** Events one slow connection may fall behind by before it is cut, as Binance cuts slow consumers. */
    static final String MALFORMED_FRAME = "{\"e\":\"trade\",\"E\":";
    private static final List<String> METHODS = List.of("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS",
            "SET_PROPERTY", "GET_PROPERTY");

    private final MarketFeed feed;
    private final SimulatorProperties.Binance settings;

    public BinanceWebSocketHandler(MarketFeed feed, SimulatorProperties.Binance settings) {
        this.feed = feed;
        this.settings = settings;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Connection connection = new Connection(session.getHandshakeInfo().getUri());
        Sinks.Many<String> replies = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.Empty<Void> inputDone = Sinks.empty();
        AtomicBoolean expired = new AtomicBoolean();
        IncomingLimit inbound = new IncomingLimit(settings.maxIncomingPerSecond());

        Flux<WebSocketMessage> events = feed.events()
                // Dropped on the replay thread, before the backlog: most events are for other connections' symbols.
                .filter(connection::wants)
                .onBackpressureBuffer(settings.maxBacklog())
                // Render off the replay thread, so many connections do not slow the clock.
                .publishOn(Schedulers.parallel())
                .concatMapIterable(event -> {
                    if (event instanceof MarketEvent.Disconnect) {
                        Disconnects.cut(session);
                        return List.<WebSocketMessage>of();
                    }
                    if (event instanceof MarketEvent.MalformedFrame) {
                        return List.of(session.textMessage(MALFORMED_FRAME));
                    }
                    List<byte[]> frames = connection.render(event);
                    List<WebSocketMessage> messages = new ArrayList<>(frames.size());
                    for (byte[] frame : frames) {
                        // wrap() shares the bytes: a trade's frame is made once for every connection that sends it.
                        messages.add(new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame)));
                    }
                    return messages;
                });
        Flux<WebSocketMessage> pings = Flux.interval(settings.pingInterval())
                .filter(i -> !feed.isStalled(feed.now()))
                .map(i -> session.pingMessage(f -> f.wrap(Long.toString(feed.now()).getBytes(StandardCharsets.US_ASCII))));
        Mono<Long> lifetimeOver = Mono.delay(settings.connectionLifetime()).doOnNext(i -> expired.set(true));

        Flux<WebSocketMessage> output = Flux.merge(events, pings, replies.asFlux().map(session::textMessage))
                .takeUntilOther(Mono.firstWithSignal(lifetimeOver.then(), inputDone.asMono()))
                .concatWith(Mono.fromSupplier(() -> expired.get()
                        ? session.textMessage(BinanceJson.write(BinanceJson.serverShutdown(feed.now())))
                        : null));

        Mono<Void> send = session.send(output)
                .then(Mono.defer(() -> expired.get() ? session.close(CloseStatus.GOING_AWAY) : Mono.empty()))
                .onErrorResume(e -> SlowConsumers.close(session, e));
        Mono<Void> receive = session.receive()
                .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
                .doOnNext(m -> {
                    if (inbound.exceeded(feed.now())) {
                        // Binance disconnects a connection over its incoming message limit, without an answer.
                        log.warn("closing connection {}: more than {} incoming messages in a second", session.getId(),
                                settings.maxIncomingPerSecond());
                        Disconnects.cut(session);
                        return;
                    }
                    replies.tryEmitNext(connection.control(m.getPayloadAsText()));
                })
                .onErrorResume(e -> Mono.empty())
                .doFinally(s -> inputDone.tryEmitEmpty())
                .then();
        return Mono.when(send, receive);
    }

    /** One connection's subscriptions and its {@code combined} property. */
    final class Connection {

        private final Set<StreamName> streams = new CopyOnWriteArraySet<>();
        /** The streams by symbol, and the ticker streams, rebuilt on every (un)subscription: read for every event. */
        private volatile Map<String, List<StreamName>> bySymbol = Map.of();
        private volatile List<StreamName> tickerStreams = List.of();
        private volatile boolean combined;

        Connection(URI uri) {
            String path = uri.getPath();
            List<String> names = new ArrayList<>();
            if (path.startsWith("/stream")) {
                combined = true;
                String query = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("streams");
                if (query != null) {
                    names.addAll(List.of(URLDecoder.decode(query, StandardCharsets.UTF_8).split("/")));
                }
            } else if (path.startsWith("/ws/")) {
                names.addAll(List.of(path.substring("/ws/".length()).split("/")));
            }
            for (String name : names) {
                StreamName.parse(name).ifPresentOrElse(streams::add,
                        () -> log.debug("ignoring unknown stream '{}' in {}", name, uri));
            }
            reindex();
        }

        private void reindex() {
            Map<String, List<StreamName>> symbols = new HashMap<>();
            List<StreamName> tickers = new ArrayList<>();
            for (StreamName stream : streams) {
                if (stream.kind() == StreamName.Kind.ALL_MINI_TICKERS || stream.kind() == StreamName.Kind.MINI_TICKER) {
                    tickers.add(stream);
                } else {
                    symbols.computeIfAbsent(stream.symbol(), s -> new ArrayList<>()).add(stream);
                }
            }
            bySymbol = symbols;
            tickerStreams = tickers;
        }

        /** Whether this connection sends anything for the event. */
        boolean wants(MarketEvent event) {
            if (event instanceof MarketEvent.TradeSent sent) {
                return bySymbol.containsKey(sent.trade().symbol());
            }
            if (event instanceof MarketEvent.KlineSent sent) {
                for (StreamName stream : bySymbol.getOrDefault(sent.kline().symbol(), List.of())) {
                    if (stream.kind() == StreamName.Kind.KLINE && stream.interval() == sent.kline().interval()) {
                        return true;
                    }
                }
                return false;
            }
            if (event instanceof MarketEvent.TickersSent) {
                return !tickerStreams.isEmpty();
            }
            return true;
        }

        /** The frames this connection sends for an event, in the order of its subscriptions. */
        List<byte[]> render(MarketEvent event) {
            List<StreamName> candidates = event instanceof MarketEvent.TickersSent ? tickerStreams
                    : event instanceof MarketEvent.TradeSent sent ? bySymbol.getOrDefault(sent.trade().symbol(), List.of())
                    : event instanceof MarketEvent.KlineSent sent ? bySymbol.getOrDefault(sent.kline().symbol(), List.of())
                    : List.of();
            List<byte[]> frames = new ArrayList<>(1);
            for (StreamName stream : candidates) {
                if (event instanceof MarketEvent.TradeSent sent && stream.kind() == StreamName.Kind.TRADE) {
                    // The frame every connection sends for this trade: made once.
                    frames.add(combined
                            ? sent.frames().combined(() -> bytes(BinanceJson.combined(stream.name(),
                                    BinanceJson.tradeEvent(sent.trade(), sent.eventTime()))))
                            : sent.frames().raw(() -> bytes(BinanceJson.tradeEvent(sent.trade(), sent.eventTime()))));
                    continue;
                }
                Object payload = payload(stream, event);
                if (payload != null) {
                    String raw = BinanceJson.write(payload);
                    frames.add(bytes(combined ? BinanceJson.combined(stream.name(), raw) : raw));
                }
            }
            return frames;
        }

        private static byte[] bytes(String frame) {
            return frame.getBytes(StandardCharsets.UTF_8);
        }

        private Object payload(StreamName stream, MarketEvent event) {
            if (event instanceof MarketEvent.TradeSent sent) {
                Trade trade = sent.trade();
                if (trade.symbol().equals(stream.symbol())) {
                    if (stream.kind() == StreamName.Kind.TRADE) {
                        return BinanceJson.trade(trade, sent.eventTime());
                    }
                    if (stream.kind() == StreamName.Kind.AGG_TRADE) {
                        return BinanceJson.aggTrade(trade, sent.eventTime());
                    }
                }
            } else if (event instanceof MarketEvent.KlineSent sent) {
                if (stream.kind() == StreamName.Kind.KLINE && sent.kline().symbol().equals(stream.symbol())
                        && sent.kline().interval() == stream.interval()) {
                    return BinanceJson.kline(sent.kline(), sent.eventTime());
                }
            } else if (event instanceof MarketEvent.TickersSent sent) {
                if (stream.kind() == StreamName.Kind.ALL_MINI_TICKERS) {
                    return BinanceJson.miniTickers(sent.tickers(), sent.eventTime());
                }
                if (stream.kind() == StreamName.Kind.MINI_TICKER) {
                    for (Ticker t : sent.tickers()) {
                        if (t.symbol().equals(stream.symbol())) {
                            return BinanceJson.miniTicker(t, sent.eventTime());
                        }
                    }
                }
            }
            return null;
        }

        /** Answers one control message as Binance does, errors included. */
        String control(String text) {
            JsonNode request;
            try {
                request = BinanceJson.MAPPER.readTree(text);
            } catch (JacksonException e) {
                return error(3, "Invalid JSON: " + e.getOriginalMessage(), null);
            }
            if (request == null || !request.isObject()) {
                return error(3, "Invalid JSON: expected an object", null);
            }
            JsonNode id = request.get("id");
            if (id != null && !(id.isNull() || (id.isIntegralNumber() && id.canConvertToLong())
                    || (id.isString() && id.asString().length() <= 36))) {
                return error(2, "Invalid request: request ID must be an unsigned integer", null);
            }
            JsonNode method = request.get("method");
            if (method == null || !method.isString()) {
                return error(2, "Invalid request: missing field `method`", id);
            }
            String name = method.asString();
            JsonNode params = request.get("params");
            switch (name) {
                case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                    List<StreamName> requested = new ArrayList<>();
                    if (params == null || !params.isArray()) {
                        return error(2, "Invalid request: missing field `params`", id);
                    }
                    for (JsonNode p : params) {
                        if (!p.isString()) {
                            return error(2, "Invalid request: stream names must be strings", id);
                        }
                        StreamName stream = StreamName.parse(p.asString()).orElse(null);
                        if (stream == null) {
                            return error(2, "Invalid request: invalid stream name `" + p.asString() + "`", id);
                        }
                        requested.add(stream);
                    }
                    if (name.equals("SUBSCRIBE")) {
                        if (streams.size() + requested.size() > settings.maxStreams()) {
                            return error(2, "Invalid request: too many streams, at most " + settings.maxStreams(), id);
                        }
                        streams.addAll(requested);
                    } else {
                        requested.forEach(streams::remove);
                    }
                    reindex();
                    return result(null, id);
                }
                case "LIST_SUBSCRIPTIONS" -> {
                    ArrayNode list = BinanceJson.MAPPER.createArrayNode();
                    streams.forEach(s -> list.add(s.name()));
                    return result(list, id);
                }
                case "SET_PROPERTY", "GET_PROPERTY" -> {
                    if (params == null || !params.isArray() || params.isEmpty() || !params.get(0).isString()) {
                        return error(2, "Invalid request: property name must be a string", id);
                    }
                    if (!params.get(0).asString().equals("combined")) {
                        return error(0, "Unknown property", id);
                    }
                    if (name.equals("GET_PROPERTY")) {
                        return result(BinanceJson.MAPPER.getNodeFactory().booleanNode(combined), id);
                    }
                    if (params.size() < 2 || !params.get(1).isBoolean()) {
                        return error(1, "Invalid value type: expected Boolean", id);
                    }
                    combined = params.get(1).booleanValue();
                    return result(null, id);
                }
                default -> {
                    return error(2, "Invalid request: unknown variant `" + name + "`, expected one of `"
                            + String.join("`, `", METHODS) + "`", id);
                }
            }
        }

        private String result(JsonNode result, JsonNode id) {
            ObjectNode n = BinanceJson.MAPPER.createObjectNode();
            if (result == null) {
                n.putNull("result");
            } else {
                n.set("result", result);
            }
            setId(n, id);
            return BinanceJson.write(n);
        }

        private String error(int code, String msg, JsonNode id) {
            ObjectNode n = BinanceJson.MAPPER.createObjectNode();
            n.set("error", BinanceJson.error(code, msg));
            setId(n, id);
            return BinanceJson.write(n);
        }

        private void setId(ObjectNode n, JsonNode id) {
            if (id == null) {
                n.putNull("id");
            } else {
                n.set("id", id);
            }
        }
    }

    /** Incoming messages per one-second window; only the receive pipeline touches it. */
    static final class IncomingLimit {
        private final int perSecond;
        private long windowStart = Long.MIN_VALUE;
        private int count;

        IncomingLimit(int perSecond) {
            this.perSecond = perSecond;
        }

        boolean exceeded(long now) {
            if (now - windowStart >= 1000) {
                windowStart = now;
                count = 0;
            }
            return ++count > perSecond;
        }
    }
}
