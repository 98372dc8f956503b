package io.coinlens.gateway.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the access token of a request: the {@code Authorization: Bearer} header, and on a WebSocket upgrade (where
 * browsers cannot set that header) also the {@code access_token} query parameter or the subprotocol pair
 * {@code Sec-WebSocket-Protocol: bearer, <token>}. A token sent two ways, or malformed, is refused rather than
 * guessed at. Records where the token came from, for the WebSocket proxy.
 */
public final class BearerTokenConverter implements ServerAuthenticationConverter {

    /** Exchange attribute holding the {@link PresentedToken}. */
    public static final String PRESENTED_TOKEN = BearerTokenConverter.class.getName() + ".token";
    public static final String QUERY_PARAMETER = "access_token";
    public static final String SUBPROTOCOL = "bearer";
    public static final String WEBSOCKET_PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

    private static final Pattern AUTHORIZATION = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9\\-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("[a-zA-Z0-9\\-._~+/]+=*");

    public enum Source { HEADER, QUERY, SUBPROTOCOL }

    public record PresentedToken(String value, Source source) {
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> presented(exchange.getRequest()))
                .map(token -> {
                    exchange.getAttributes().put(PRESENTED_TOKEN, token);
                    return new BearerTokenAuthenticationToken(token.value());
                });
    }

    static PresentedToken presented(ServerHttpRequest request) {
        List<PresentedToken> found = new ArrayList<>();
        List<String> authorizations = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        if (authorizations.size() > 1) {
            throw invalidRequest("More than one Authorization header.");
        }
        if (!authorizations.isEmpty() && authorizations.get(0).regionMatches(true, 0, "Bearer", 0, 6)) {
            String token = bearerToken(authorizations.get(0));
            if (token == null) {
                throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
            }
            found.add(new PresentedToken(token, Source.HEADER));
        }
        if (isWebSocketUpgrade(request)) {
            for (String value : request.getQueryParams().getOrDefault(QUERY_PARAMETER, List.of())) {
                found.add(new PresentedToken(wellFormed(value), Source.QUERY));
            }
            List<String> protocols = protocols(request.getHeaders());
            int bearer = indexOfBearer(protocols);
            if (bearer >= 0) {
                if (bearer + 1 >= protocols.size()) {
                    throw invalidRequest("The bearer subprotocol must be followed by the token.");
                }
                found.add(new PresentedToken(wellFormed(protocols.get(bearer + 1)), Source.SUBPROTOCOL));
            }
        }
        if (found.size() > 1) {
            throw invalidRequest("The access token was sent more than once.");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** The token of a well-formed {@code Authorization: Bearer} value, or null. */
    public static String bearerToken(String authorization) {
        Matcher matcher = AUTHORIZATION.matcher(authorization);
        return matcher.matches() ? matcher.group("token") : null;
    }

    public static boolean isWebSocketUpgrade(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    /** The offered subprotocols in order, from however many headers they came in. */
    public static List<String> protocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String header : headers.getOrEmpty(WEBSOCKET_PROTOCOL_HEADER)) {
            protocols.addAll(Arrays.asList(StringUtils.tokenizeToStringArray(header, ",")));
        }
        return protocols;
    }

    public static int indexOfBearer(List<String> protocols) {
        for (int i = 0; i < protocols.size(); i++) {
            if (SUBPROTOCOL.equalsIgnoreCase(protocols.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String wellFormed(String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return token;
    }

    private static OAuth2AuthenticationException invalidRequest(String message) {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(message));
    }
}
