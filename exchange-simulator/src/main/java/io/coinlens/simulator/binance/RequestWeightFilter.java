package io.coinlens.simulator.binance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's IP request-weight limit: each {@code /api/v3} call costs its endpoint's weight, counted per IP in the
 * current clock minute and reported in {@code X-MBX-USED-WEIGHT-1M}; past the limit the answer is 429 with
 * {@code Retry-After} (seconds to the next minute) and code -1003.
 */
public class RequestWeightFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RequestWeightFilter.class);
    static final String USED_WEIGHT = "X-MBX-USED-WEIGHT-1M";
    private static final String USED_WEIGHT_SHORT = "X-MBX-USED-WEIGHT";
    private static final long MINUTE = 60_000L;

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RequestWeightFilter(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    private record Window(long minute, int used) {
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/v3/")) {
            return chain.filter(exchange);
        }
        long now = clock.millis();
        long minute = now / MINUTE;
        int weight = weight(path, request.getQueryParams());
        Window window = windows.compute(ip(request), (ip, w) -> w == null || w.minute() != minute
                ? new Window(minute, weight) : new Window(minute, w.used() + weight));
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().set(USED_WEIGHT, Integer.toString(window.used()));
        response.getHeaders().set(USED_WEIGHT_SHORT, Integer.toString(window.used()));
        if (window.used() <= limit) {
            return chain.filter(exchange);
        }
        long retryAfter = Math.max(1, ((minute + 1) * MINUTE - now + 999) / 1000);
        log.info("request weight {} of {} used by {}: 429 for {}s", window.used(), limit, ip(request), retryAfter);
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = BinanceJson.write(BinanceJson.error(-1003, "Too much request weight used; current limit is "
                + limit + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling"
                + " the API.")).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /** Binance's weights for the endpoints the simulator answers; anything else under /api/v3 costs 1. */
    static int weight(String path, MultiValueMap<String, String> query) {
        return switch (path) {
            case "/api/v3/exchangeInfo" -> 20;
            case "/api/v3/trades", "/api/v3/historicalTrades" -> 25;
            case "/api/v3/aggTrades" -> 4;
            case "/api/v3/account", "/api/v3/myTrades" -> 20;
            case "/api/v3/klines", "/api/v3/uiKlines", "/api/v3/avgPrice" -> 2;
            case "/api/v3/ticker/24hr" -> tickerWeight(query);
            default -> 1;
        };
    }

    private static int tickerWeight(MultiValueMap<String, String> query) {
        if (query.containsKey("symbol")) {
            return 2;
        }
        String symbols = query.getFirst("symbols");
        if (symbols == null) {
            return 80;
        }
        int count = symbols.isBlank() ? 0 : symbols.split(",").length;
        return count <= 20 ? 2 : count <= 100 ? 40 : 80;
    }

    private static String ip(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
