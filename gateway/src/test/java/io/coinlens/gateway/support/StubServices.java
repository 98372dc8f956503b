package io.coinlens.gateway.support;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for every service behind the gateway, started once per test JVM. It answers what it was asked, with
 * which headers, and counts requests per method and path; a few paths misbehave on purpose.
 */
public final class StubServices {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static DisposableServer server;
    private static int closedPort;

    private StubServices() {
    }

    public static synchronized String url() {
        if (server == null) {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .route(routes -> routes
                            .get("/ws", (request, response) -> webSocket(request, response))
                            .get("/v3/api-docs", (request, response) -> response
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"openapi\":\"3.1.0\",\"servers\":[{\"url\":\"http://127.0.0.1:"
                                            + server.port() + "\"}],\"paths\":{\"/api/v1/x\":{}}}")))
                            .route(request -> true, StubServices::answer))
                    .bindNow();
        }
        return "http://127.0.0.1:" + server.port();
    }

    /** A port nothing listens on: a service that is down. */
    public static synchronized String downUrl() {
        if (closedPort == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return "http://127.0.0.1:" + closedPort;
    }

    public static int count(String methodAndPath) {
        AtomicInteger count = COUNTS.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    public static void reset() {
        COUNTS.clear();
    }

    private static Mono<Void> webSocket(HttpServerRequest request, HttpServerResponse response) {
        String hello = "hello user=" + request.requestHeaders().get("X-User-Id")
                + " auth=" + request.requestHeaders().get("Authorization")
                + " protocols=" + request.requestHeaders().get("Sec-WebSocket-Protocol")
                + " uri=" + request.uri();
        return response.sendWebsocket((in, out) -> out.sendString(
                Mono.just(hello).concatWith(in.receive().asString().map(text -> "echo:" + text))));
    }

    private static Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        COUNTS.computeIfAbsent(request.method().name() + " " + path, key -> new AtomicInteger()).incrementAndGet();
        if (path.endsWith("/flaky")) {
            return response.status(503).header("Content-Type", "text/plain").sendString(Mono.just("flaky")).then();
        }
        if (path.endsWith("/slow")) {
            return Mono.delay(Duration.ofSeconds(10)).then(response.sendString(Mono.just("late")).then());
        }
        if (path.endsWith("/leaky")) {
            response.header("Access-Control-Allow-Origin", "*")
                    .header("X-Frame-Options", "SAMEORIGIN")
                    .header("Content-Security-Policy", "default-src *");
        }
        return request.receive().aggregate().asString().defaultIfEmpty("")
                .flatMap(body -> {
                    Map<String, Object> echo = new LinkedHashMap<>();
                    echo.put("method", request.method().name());
                    echo.put("uri", request.uri());
                    echo.put("headers", headers(request.requestHeaders()));
                    echo.put("bodyLength", body.length());
                    return response.header("Content-Type", "application/json")
                            .header("X-Request-Id", String.valueOf(request.requestHeaders().get("X-Request-Id")))
                            .sendString(Mono.just(JSON.writeValueAsString(echo))).then();
                });
    }

    private static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : headers.names()) {
            all.put(name.toLowerCase(java.util.Locale.ROOT), headers.getAll(name));
        }
        return all;
    }
}
