package io.coinlens.simulator.fault;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that stops reading is closed once its backlog is full, as the exchanges do, not kept open and silent. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "coinlens.simulator.load.symbols=20",
        "coinlens.simulator.load.rate=40000",
        "coinlens.simulator.binance.max-backlog=1000",
        "coinlens.simulator.coinbase.max-backlog=1000"})
@ActiveProfiles("test")
class SlowConsumerIntegrationTests {

    private static final Duration STALL = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Test
    void binanceClosesAClientThatStopsReading() throws Exception {
        String streams = IntStream.rangeClosed(1, 20).mapToObj(i -> String.format("syn%04dusdt@trade", i))
                .collect(Collectors.joining("/"));
        assertThat(closeCodeOfStalledClient("/stream?streams=" + streams, null)).isEqualTo(1008);
    }

    @Test
    void coinbaseClosesAClientThatStopsReading() throws Exception {
        String products = IntStream.rangeClosed(1, 20).mapToObj(i -> String.format("\"SYN%04d-USD\"", i))
                .collect(Collectors.joining(","));
        String subscribe = "{\"type\":\"subscribe\",\"channel\":\"market_trades\",\"product_ids\":[" + products + "]}";
        assertThat(closeCodeOfStalledClient("/coinbase/ws", subscribe)).isEqualTo(1008);
    }

    /**
     * Reads one frame, then nothing for a while (Reactor Netty stops reading the socket, so the server's buffers
     * fill), then reads on to see how the connection ends.
     */
    private int closeCodeOfStalledClient(String path, String subscribe) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        var connection = HttpClient.create().websocket().uri("ws://localhost:" + port + path)
                .handle((WebsocketInbound in, WebsocketOutbound out) -> {
                    in.receiveCloseStatus().subscribe(s -> closed.complete(s.code()));
                    in.receive().subscribe(new BaseSubscriber<ByteBuf>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            subscription.request(1);
                            Mono.delay(STALL).subscribe(i -> subscription.request(Long.MAX_VALUE));
                        }
                    });
                    Mono<Void> send = subscribe == null ? Mono.empty() : out.sendString(Mono.just(subscribe)).then();
                    return send.then(Mono.never());
                })
                .subscribe();
        try {
            return closed.get(STALL.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            connection.dispose();
        }
    }
}
