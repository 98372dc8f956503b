package io.coinlens.gateway.express;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LoopLocalClientsTests {

    private final LoopResources loops = LoopResources.create("loop-local-test", 2, true);
    private final LoopLocalClients clients = new LoopLocalClients(8);
    private DisposableServer server;

    @BeforeEach
    void startServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("ok")))
                .bindNow();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.disposeNow();
        loops.disposeLater().block(Duration.ofSeconds(5));
    }

    @Test
    void callsMadeOnAnEventLoopUseConnectionsOfThatLoop() throws Exception {
        List<EventLoop> twoLoops = twoDistinctLoops();
        for (EventLoop loop : twoLoops) {
            for (int call = 0; call < 3; call++) {
                // Called from the loop itself, as the lane does from the request's loop.
                CompletableFuture<EventLoop> usedLoop = new CompletableFuture<>();
                loop.execute(() -> clients.on(loop).get().uri("http://127.0.0.1:" + server.port() + "/")
                        .responseConnection((response, connection) -> Mono.just(connection.channel().eventLoop()))
                        .next()
                        .subscribe(usedLoop::complete, usedLoop::completeExceptionally));
                assertThat(usedLoop.get(10, TimeUnit.SECONDS)).isSameAs(loop);
            }
        }
    }

    @Test
    void eachLoopHasOneClient() {
        List<EventLoop> twoLoops = twoDistinctLoops();
        assertThat(clients.on(twoLoops.get(0))).isSameAs(clients.on(twoLoops.get(0)));
        assertThat(clients.on(twoLoops.get(0))).isNotSameAs(clients.on(twoLoops.get(1)));
    }

    private List<EventLoop> twoDistinctLoops() {
        List<EventLoop> found = new ArrayList<>();
        while (found.size() < 2) {
            EventLoop next = loops.onServer(true).next();
            if (!found.contains(next)) {
                found.add(next);
            }
        }
        return found;
    }
}
