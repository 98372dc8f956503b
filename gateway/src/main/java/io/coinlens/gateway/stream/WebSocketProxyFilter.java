package io.coinlens.gateway.stream;

import io.coinlens.gateway.auth.BearerTokenConverter;
import io.coinlens.gateway.auth.BearerTokenConverter.PresentedToken;
import io.coinlens.gateway.edge.ClientHeadersFilter;
import io.coinlens.gateway.web.EventLoops;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

/**
 * Proxies WebSocket upgrades in place of Spring Cloud Gateway's {@link WebsocketRoutingFilter}, which offers the
 * service exactly the subprotocols the client offered. Here, when the client authenticated with the subprotocol pair
 * {@code bearer, <token>}, the gateway answers the client with {@code bearer} (browsers fail a handshake whose
 * offered protocols were all ignored) and does not pass the token on as a protocol. Whatever way a valid token came,
 * the service gets it as {@code Authorization: Bearer} (so it can verify it itself) and the user as
 * {@code X-User-Id}; the {@code access_token} query parameter is removed from the URL it sees.
 */
public final class WebSocketProxyFilter implements GlobalFilter, Ordered {

    private final WebSocketClient client;
    private final WebSocketService service;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;

    public WebSocketProxyFilter(WebSocketClient client, WebSocketService service,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        this.client = client;
        this.service = service;
        this.headersFilters = headersFilters;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (url == null || isAlreadyRouted(exchange) || !isWebSocketScheme(url.getScheme())
                || !BearerTokenConverter.isWebSocketUpgrade(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                // On the connection's own loop: Reactor Netty switching the connection to WebSocket from another thread
                // while the client's first frame arrives on the loop lost that frame (about one upgrade in ten).
                .flatMap(user -> EventLoops.subscribeOnEventLoop(exchange,
                        service.handleRequest(exchange, proxy(exchange, url, user))));
    }

    private ProxyHandler proxy(ServerWebExchange exchange, URI url, Optional<JwtAuthenticationToken> user) {
        HttpHeaders headers = new HttpHeaders();
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(ArrayList::new), exchange);
        filtered.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.startsWith("sec-websocket")) {
                headers.addAll(name, values);
            }
        });
        user.ifPresent(token -> {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken().getTokenValue());
            headers.set(ClientHeadersFilter.USER_ID, token.getName());
        });
        List<String> offered = BearerTokenConverter.protocols(exchange.getRequest().getHeaders());
        PresentedToken presented = exchange.getAttribute(BearerTokenConverter.PRESENTED_TOKEN);
        List<String> toClient = offered;
        List<String> toService = offered;
        if (presented != null && presented.source() == BearerTokenConverter.Source.SUBPROTOCOL) {
            int bearer = BearerTokenConverter.indexOfBearer(offered);
            toClient = List.of(offered.get(bearer));
            toService = new ArrayList<>(offered);
            toService.remove(bearer + 1);
            toService.remove(bearer);
        }
        URI target = UriComponentsBuilder.fromUri(url).replaceQueryParam(BearerTokenConverter.QUERY_PARAMETER)
                .build(true).toUri();
        return new ProxyHandler(target, headers, toClient, toService);
    }

    private static boolean isWebSocketScheme(String scheme) {
        return "ws".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme);
    }

    /** The client's session on one side, the service's on the other; frames and closes flow both ways. */
    private final class ProxyHandler implements WebSocketHandler {

        private final URI target;
        private final HttpHeaders headers;
        private final List<String> toClient;
        private final List<String> toService;

        ProxyHandler(URI target, HttpHeaders headers, List<String> toClient, List<String> toService) {
            this.target = target;
            this.headers = headers;
            this.toClient = toClient;
            this.toService = toService;
        }

        @Override
        public List<String> getSubProtocols() {
            return toClient;
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            return client.execute(target, headers, new WebSocketHandler() {
                @Override
                public List<String> getSubProtocols() {
                    return toService;
                }

                @Override
                public Mono<Void> handle(WebSocketSession upstream) {
                    Mono<Void> closeClient = upstream.closeStatus().filter(status -> session.isOpen())
                            .map(ProxyHandler::forwardable).flatMap(session::close);
                    Mono<Void> closeUpstream = session.closeStatus().filter(status -> upstream.isOpen())
                            .map(ProxyHandler::forwardable).flatMap(upstream::close);
                    // retain(): Reactor Netty releases each frame once sent, and each is sent on the other session.
                    Mono<Void> toUpstream = upstream.send(session.receive().doOnNext(WebSocketMessage::retain));
                    Mono<Void> toSession = session.send(upstream.receive().doOnNext(WebSocketMessage::retain));
                    Mono.when(closeClient, closeUpstream).subscribe();
                    return Mono.zip(toUpstream, toSession).then();
                }
            });
        }

        /** Close codes that may be sent on; the rest (reserved, or not in RFC 6455) become a protocol error. */
        private static CloseStatus forwardable(CloseStatus status) {
            int code = status.getCode();
            boolean sendable = (code >= 3000 && code < 5000)
                    || List.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011).contains(code);
            return sendable ? status : CloseStatus.PROTOCOL_ERROR;
        }
    }
}
