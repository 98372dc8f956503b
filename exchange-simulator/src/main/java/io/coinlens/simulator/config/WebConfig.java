package io.coinlens.simulator.config;

import io.coinlens.simulator.binance.BinanceWebSocketHandler;
import io.coinlens.simulator.binance.RequestWeightFilter;
import io.coinlens.simulator.coinbase.CoinbaseWebSocketHandler;
import io.coinlens.simulator.market.Market;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import java.time.Clock;
import java.util.Map;

/** The WebSocket endpoints (Binance's paths at the root, as on stream.binance.com) and the REST weight limit. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    @Bean
    BinanceWebSocketHandler binanceWebSocketHandler(Market market, SimulatorProperties properties) {
        return new BinanceWebSocketHandler(market.feed(), properties.binance());
    }

    @Bean
    CoinbaseWebSocketHandler coinbaseWebSocketHandler(Market market, SimulatorProperties properties) {
        return new CoinbaseWebSocketHandler(market, properties.coinbase());
    }

    @Bean
    HandlerMapping webSocketMapping(BinanceWebSocketHandler binance, CoinbaseWebSocketHandler coinbase) {
        Map<String, WebSocketHandler> routes = Map.of(
                "/ws", binance,
                "/ws/**", binance,
                "/stream", binance,
                "/coinbase/ws", coinbase);
        return new SimpleUrlHandlerMapping(routes, Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    RequestWeightFilter requestWeightFilter(SimulatorProperties properties, Clock clock) {
        return new RequestWeightFilter(properties.binance().weightLimit(), clock);
    }
}
