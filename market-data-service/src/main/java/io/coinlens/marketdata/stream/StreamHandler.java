package io.coinlens.marketdata.stream;

import io.coinlens.marketdata.config.MarketDataProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /ws}: Binance-style control messages ({@code SUBSCRIBE}, {@code UNSUBSCRIBE}, {@code LIST_SUBSCRIPTIONS}),
 * error frames {@code {"error":{"code","msg"},"id"}} for anything wrong, server pings, and per-connection limits.
 * A bad message never closes the connection; flooding it does.
 */
public class StreamHandler implements WebSocketHandler {

    /** Error codes, as documented in the README. */
    static final int INVALID_VALUE = 1;
    static final int INVALID_REQUEST = 2;
    static final int INVALID_JSON = 3;
    static final int LIMIT_EXCEEDED = 4;
    static final int NOT_AUTHORIZED = 5;

    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

    private final MarketDataProperties.Stream settings;
    private final Set<String> symbols;
    private final StreamHub hub;
    private final StreamMetrics metrics;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public StreamHandler(MarketDataProperties.Stream settings, Set<String> symbols, StreamHub hub, StreamMetrics metrics) {
        this.settings = settings;
        this.symbols = symbols;
        this.hub = hub;
        this.metrics = metrics;
    }

    /**
     * The principal is the user of a verified access token (the resource server checked it on the upgrade; an invalid
     * one never gets here), so only that user's alerts can be subscribed.
     */
    @Override
    public Mono<Void> handle(WebSocketSession socket) {
        return socket.getHandshakeInfo().getPrincipal()
                .map(principal -> Optional.of(principal.getName()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(user -> serve(socket, user.orElse(null)));
    }

    private Mono<Void> serve(WebSocketSession socket, String userId) {
        String origin = socket.getHandshakeInfo().getHeaders().getOrigin();
        if (origin != null && !settings.allowedOrigins().contains(origin) && !sameOrigin(origin, socket)) {
            metrics.dropped("origin");
            return socket.close(CloseStatus.POLICY_VIOLATION.withReason("origin not allowed"));
        }
        StreamSession session = new StreamSession(socket.getId(), userId, settings.sendBuffer(),
                // A client cut off for being slow may be gone already: its broken pipe is no error of ours.
                status -> socket.close(status).subscribe(null,
                        e -> log.debug("closing stream connection {}: {}", socket.getId(), e.toString())), metrics);
        metrics.connected();
        RateLimit rate = new RateLimit(settings.maxMessagesPerSecond());

        Mono<Void> inbound = socket.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                .doOnNext(message -> {
                    if (rate.exceededTwice()) {
                        metrics.dropped("flooding");
                        session.close(CloseStatus.POLICY_VIOLATION.withReason("more than "
                                + 2 * settings.maxMessagesPerSecond() + " messages in a second"));
                    } else if (rate.exceeded()) {
                        session.reply(error(null, LIMIT_EXCEEDED, "too many messages: at most "
                                + settings.maxMessagesPerSecond() + " per second"));
                    } else {
                        session.reply(control(session, message.getPayloadAsText()));
                    }
                })
                .then();
        Flux<WebSocketMessage> data = session.outbound().doOnNext(m -> metrics.sent()).map(socket::textMessage);
        Flux<WebSocketMessage> pings = Flux.interval(settings.pingInterval())
                .map(i -> socket.pingMessage(factory -> factory.allocateBuffer(0)));
        Mono<Void> outbound = socket.send(Flux.merge(data, pings).takeUntil(m -> session.isClosed()));

        return Mono.firstWithSignal(inbound, outbound)
                .doFinally(signal -> {
                    hub.remove(session);
                    session.close(CloseStatus.NORMAL);
                    metrics.disconnected();
                });
    }

    /** The gateway's proxy (Netty) names the service itself as the origin when the client sent none. */
    private static boolean sameOrigin(String origin, WebSocketSession socket) {
        String host = socket.getHandshakeInfo().getHeaders().getFirst("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    String control(StreamSession session, String text) {
        JsonNode request;
        try {
            request = mapper.readTree(text);
        } catch (JacksonException e) {
            return error(null, INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            return error(null, INVALID_REQUEST, "a request is a JSON object with method, params and id");
        }
        JsonNode id = request.get("id");
        if (id != null && !(id.isIntegralNumber() || id.isString() || id.isNull())) {
            return error(null, INVALID_VALUE, "id must be an integer, a string or null");
        }
        String method = request.path("method").asString("");
        return switch (method) {
            case "SUBSCRIBE" -> subscribe(session, id, request.get("params"));
            case "UNSUBSCRIBE" -> unsubscribe(session, id, request.get("params"));
            case "LIST_SUBSCRIPTIONS" -> result(id, new TreeSet<>(session.subscriptions()));
            default -> error(id, INVALID_REQUEST, method.isEmpty() ? "method is required"
                    : "unknown method '" + method + "'; use SUBSCRIBE, UNSUBSCRIBE or LIST_SUBSCRIPTIONS");
        };
    }

    private String subscribe(StreamSession session, JsonNode id, JsonNode params) {
        List<StreamName> streams = new ArrayList<>();
        String problem = parse(params, streams);
        if (problem != null) {
            return error(id, INVALID_VALUE, problem);
        }
        for (StreamName stream : streams) {
            if (stream.name().equals(StreamName.ALERTS) && session.userId() == null) {
                return error(id, NOT_AUTHORIZED, "the alerts stream needs a signed-in user: connect with an access token");
            }
        }
        Set<String> after = new TreeSet<>(session.subscriptions());
        streams.forEach(s -> after.add(s.name()));
        if (after.size() > settings.maxStreamsPerConnection()) {
            return error(id, LIMIT_EXCEEDED, "at most " + settings.maxStreamsPerConnection()
                    + " streams per connection");
        }
        streams.forEach(s -> hub.subscribe(s.name(), session));
        return result(id, null);
    }

    private String unsubscribe(StreamSession session, JsonNode id, JsonNode params) {
        List<StreamName> streams = new ArrayList<>();
        String problem = parse(params, streams);
        if (problem != null) {
            return error(id, INVALID_VALUE, problem);
        }
        streams.forEach(s -> hub.unsubscribe(s.name(), session));
        return result(id, null);
    }

    private String parse(JsonNode params, List<StreamName> into) {
        if (params == null || !params.isArray() || params.isEmpty()) {
            return "params must be a non-empty array of stream names";
        }
        for (JsonNode param : params) {
            String name = param.isString() ? param.asString() : null;
            var stream = StreamName.parse(name, symbols);
            if (stream.isEmpty()) {
                return "invalid stream '" + (name == null ? param.toString() : name)
                        + "'; e.g. btc-usdt@trade, btc-usdt@kline_1m, btc@sentiment";
            }
            into.add(stream.get());
        }
        return null;
    }

    private String result(JsonNode id, Set<String> list) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        if (list == null) {
            reply.putNull("result");
        } else {
            ArrayNode array = reply.putArray("result");
            list.forEach(array::add);
        }
        reply.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        return reply.toString();
    }

    private String error(JsonNode id, int code, String message) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.putObject("error").put("code", code).put("msg", message);
        reply.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        log.debug("stream request refused: {}", message);
        return reply.toString();
    }

    /** Control messages per one-second window. */
    static final class RateLimit {
        private final int perSecond;
        private long window;
        private int count;

        RateLimit(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized boolean exceeded() {
            return count > perSecond;
        }

        /** Counts this message; true when the client sent more than twice the limit this second. */
        synchronized boolean exceededTwice() {
            long now = System.currentTimeMillis() / 1000;
            if (now != window) {
                window = now;
                count = 0;
            }
            count++;
            return count > 2 * perSecond;
        }
    }
}
