package io.coinlens.simulator.coinbase;

import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.fault.Disconnects;
import io.coinlens.simulator.fault.SlowConsumers;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Ticker;
import io.coinlens.simulator.market.Trade;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongFunction;

/**
 * Coinbase Advanced Trade's market data WebSocket at {@code /coinbase/ws}: channels {@code market_trades},
 * {@code ticker} and {@code heartbeats}. Product {@code BTC-USD} carries the same trades as Binance's
 * {@code BTCUSDT}, with the same ids. Every message has a {@code sequence_num} one higher than the previous one on
 * the same connection.
 */
public class CoinbaseWebSocketHandler implements WebSocketHandler {

    static final String MARKET_TRADES = "market_trades";
    static final String TICKER = "ticker";
    static final String HEARTBEATS = "heartbeats";
    private static final Set<String> CHANNELS = Set.of(MARKET_TRADES, TICKER, HEARTBEATS);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS")
            .withZone(ZoneOffset.UTC);

    private final Market market;
    private final MarketFeed feed;
    private final SimulatorProperties.Coinbase settings;
    private final long startedAt;

    public CoinbaseWebSocketHandler(Market market, SimulatorProperties.Coinbase settings) {
        this.market = market;
        this.feed = market.feed();
        this.settings = settings;
        this.startedAt = feed.now();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();
        CHANNELS.forEach(c -> subscriptions.put(c, new CopyOnWriteArraySet<>()));
        Sinks.Many<String> requests = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.Empty<Void> inputDone = Sinks.empty();
        long[] sequence = {0};
        long[] heartbeat = {0};

        // Rendering for the feed and answering requests happen in one serial stage after the merge, so a
        // subscription's snapshot and acknowledgement always precede its first update.
        Flux<Object> events = feed.events()
                .onBackpressureBuffer(settings.maxBacklog())
                // Render off the replay thread, so many connections do not slow the clock.
                .publishOn(Schedulers.parallel())
                .cast(Object.class);
        Flux<Object> heartbeats = Flux.interval(settings.heartbeatInterval()).map(i -> (Object) HEARTBEAT_TICK);
        Flux<Object> controls = requests.asFlux().map(r -> (Object) new Request(r));

        Flux<WebSocketMessage> output = Flux.merge(events, heartbeats, controls)
                .concatMapIterable(item -> {
                    if (item instanceof Request request) {
                        return control(request.text(), subscriptions);
                    }
                    if (item == HEARTBEAT_TICK) {
                        return subscriptions.get(HEARTBEATS).isEmpty() || feed.isStalled(feed.now())
                                ? List.of() : List.of(heartbeat(++heartbeat[0]));
                    }
                    return render((MarketEvent) item, subscriptions, session);
                })
                .takeUntilOther(inputDone.asMono())
                .map(message -> session.textMessage(message.apply(message instanceof Unsequenced ? -1 : sequence[0]++)));
        Mono<Void> send = session.send(output).onErrorResume(e -> SlowConsumers.close(session, e));
        Mono<Void> receive = session.receive()
                .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
                .doOnNext(m -> requests.tryEmitNext(m.getPayloadAsText()))
                .onErrorResume(e -> Mono.empty())
                .doFinally(s -> inputDone.tryEmitEmpty())
                .then();
        return Mono.when(send, receive);
    }

    private List<LongFunction<String>> render(MarketEvent event, Map<String, Set<String>> subscriptions,
            WebSocketSession session) {
        if (event instanceof MarketEvent.Disconnect) {
            Disconnects.cut(session);
            return List.of();
        }
        if (event instanceof MarketEvent.MalformedFrame) {
            return List.of(new Unsequenced("{\"channel\":\"market_trades\",\"events\":["));
        }
        if (!(event instanceof MarketEvent.TradeSent sent)) {
            return List.of();
        }
        Trade trade = sent.trade();
        Optional<SymbolInfo> info = market.info(trade.symbol());
        if (info.isEmpty()) {
            return List.of();
        }
        String product = info.get().coinbaseProduct();
        List<LongFunction<String>> messages = new ArrayList<>(2);
        if (subscriptions.get(MARKET_TRADES).contains(product)) {
            messages.add(seq -> envelope(MARKET_TRADES, seq, List.of(tradesEvent("update", product, List.of(trade)))));
        }
        if (subscriptions.get(TICKER).contains(product)) {
            market.ticker(trade.symbol(), feed.now()).ifPresent(t ->
                    messages.add(seq -> envelope(TICKER, seq, List.of(tickerEvent("update", product, t)))));
        }
        return messages;
    }

    /** Answers a subscribe or unsubscribe: the snapshot(s), then the current subscriptions. */
    List<LongFunction<String>> control(String text, Map<String, Set<String>> subscriptions) {
        JsonNode request;
        try {
            request = MAPPER.readTree(text);
        } catch (JacksonException e) {
            return List.of(error("Malformed JSON"));
        }
        if (request == null || !request.isObject()) {
            return List.of(error("Malformed JSON"));
        }
        String type = request.path("type").asString("");
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return List.of(error("Failure to subscribe: type must be subscribe or unsubscribe"));
        }
        String channel = request.path("channel").asString("");
        if (!CHANNELS.contains(channel)) {
            return List.of(error("Failure to subscribe: unsupported channel '" + channel + "'"));
        }
        List<String> products = new ArrayList<>();
        for (JsonNode p : request.path("product_ids")) {
            String product = p.asString("");
            if (market.byCoinbaseProduct(product).isEmpty()) {
                return List.of(error("Failure to subscribe: unknown product_id '" + product + "'"));
            }
            products.add(product);
        }
        if (products.isEmpty() && !channel.equals(HEARTBEATS)) {
            return List.of(error("Failure to subscribe: product_ids required"));
        }
        List<LongFunction<String>> replies = new ArrayList<>();
        Set<String> current = subscriptions.get(channel);
        if (type.equals("unsubscribe")) {
            if (channel.equals(HEARTBEATS) && products.isEmpty()) {
                current.clear();
            }
            products.forEach(current::remove);
        } else {
            if (channel.equals(HEARTBEATS)) {
                current.add(products.isEmpty() ? "*" : products.get(0));
                current.addAll(products);
            }
            for (String product : products) {
                if (current.add(product)) {
                    snapshot(channel, product).ifPresent(replies::add);
                }
            }
        }
        ObjectNode subs = MAPPER.createObjectNode();
        subscriptions.forEach((name, set) -> {
            if (!set.isEmpty()) {
                ArrayNode list = subs.putArray(name);
                set.stream().filter(p -> !p.equals("*")).forEach(list::add);
            }
        });
        ObjectNode event = MAPPER.createObjectNode();
        event.set("subscriptions", subs);
        replies.add(seq -> envelope("subscriptions", seq, List.of(event)));
        return replies;
    }

    private Optional<LongFunction<String>> snapshot(String channel, String product) {
        SymbolInfo info = market.byCoinbaseProduct(product).orElseThrow();
        if (channel.equals(MARKET_TRADES)) {
            List<Trade> recent = new ArrayList<>(market.latestTrades(info.symbol(), settings.snapshotTrades()));
            java.util.Collections.reverse(recent);
            ObjectNode event = tradesEvent("snapshot", product, recent);
            return Optional.of(seq -> envelope(MARKET_TRADES, seq, List.of(event)));
        }
        if (channel.equals(TICKER)) {
            return market.ticker(info.symbol(), feed.now())
                    .map(t -> seq -> envelope(TICKER, seq, List.of(tickerEvent("snapshot", product, t))));
        }
        return Optional.empty();
    }

    private String envelope(String channel, long sequence, List<ObjectNode> events) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("channel", channel);
        n.put("client_id", "");
        n.put("timestamp", Instant.ofEpochMilli(feed.now()).toString());
        n.put("sequence_num", sequence);
        ArrayNode array = n.putArray("events");
        events.forEach(array::add);
        return MAPPER.writeValueAsString(n);
    }

    /** Newest first, as Coinbase lists them; side is the taker's. */
    private static ObjectNode tradesEvent(String type, String product, List<Trade> trades) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", type);
        ArrayNode list = event.putArray("trades");
        for (Trade t : trades) {
            ObjectNode n = list.addObject();
            n.put("trade_id", Long.toString(t.id()));
            n.put("product_id", product);
            n.put("price", t.price().toPlainString());
            n.put("size", t.quantity().toPlainString());
            n.put("side", t.buyerMaker() ? "SELL" : "BUY");
            n.put("time", Instant.ofEpochMilli(t.time()).toString());
        }
        return event;
    }

    private static ObjectNode tickerEvent(String type, String product, Ticker t) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", type);
        ObjectNode n = event.putArray("tickers").addObject();
        n.put("type", "ticker");
        n.put("product_id", product);
        n.put("price", t.last().toPlainString());
        n.put("volume_24_h", t.volume().toPlainString());
        n.put("low_24_h", t.low().toPlainString());
        n.put("high_24_h", t.high().toPlainString());
        n.put("low_52_w", t.low().toPlainString());
        n.put("high_52_w", t.high().toPlainString());
        n.put("price_percent_chg_24_h", t.open().signum() == 0 ? "0"
                : t.priceChange().multiply(BigDecimal.valueOf(100)).divide(t.open(), 14, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros().toPlainString());
        n.put("best_bid", t.last().toPlainString());
        n.put("best_bid_quantity", "1");
        n.put("best_ask", t.last().toPlainString());
        n.put("best_ask_quantity", "1");
        return event;
    }

    private LongFunction<String> heartbeat(long counter) {
        long now = feed.now();
        return seq -> {
            ObjectNode event = MAPPER.createObjectNode();
            event.put("current_time", GO_TIME.format(Instant.ofEpochMilli(now)) + " +0000 UTC m=+"
                    +  String.format(java.util.Locale.ROOT, "%.9f", (now - startedAt) / 1000.0));
            event.put("heartbeat_counter", counter);
            return envelope(HEARTBEATS, seq, List.of(event));
        };
    }

    private static LongFunction<String> error(String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "error");
        n.put("message", message);
        return new Unsequenced(MAPPER.writeValueAsString(n));
    }

    private static final Object HEARTBEAT_TICK = new Object();

    /** A subscribe or unsubscribe text as the client sent it. */
    private record Request(String text) {
    }

    /** A frame outside the sequence (errors, the malformed-frame fault), which does not use up a number. */
    private record Unsequenced(String text) implements LongFunction<String> {
        @Override
        public String apply(long sequence) {
            return text;
        }
    }
}
