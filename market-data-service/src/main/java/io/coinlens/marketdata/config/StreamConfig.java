package io.coinlens.marketdata.config;

import io.coinlens.marketdata.stream.StreamHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class StreamConfig {

    @Bean
    HandlerMapping streamMapping(StreamHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", handler), -1);
    }

    /** Frames over the limit are refused by Netty with close code 1009 before they reach the handler. */
    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(MarketDataProperties properties) {
        WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(properties.stream().maxFrameBytes())
                .handlePing(true);
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(() -> spec)));
    }
}
