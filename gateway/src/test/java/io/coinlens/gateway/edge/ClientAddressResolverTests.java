package io.coinlens.gateway.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

    private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "2001:db8::/32"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(resolve("203.0.113.5", "1.2.3.4")).isEqualTo("203.0.113.5");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
        assertThat(resolve("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.2.3")).isEqualTo("198.51.100.7");
        assertThat(resolve("10.0.0.2", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void severalHeadersReadAsOneList() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("10.0.0.2", 4000))
                .header("X-Forwarded-For", "6.6.6.6", "198.51.100.9").build();
        assertThat(resolver.resolve(request).getHostAddress()).isEqualTo("198.51.100.9");
    }

    @Test
    void garbageOrHostnamesStopTheWalkAtTheLastTrustedHop() {
        assertThat(resolve("10.0.0.2", "evil.example.com, 10.9.9.9")).isEqualTo("10.9.9.9");
        assertThat(resolve("10.0.0.2", "not-an-address")).isEqualTo("10.0.0.2");
    }

    @Test
    void onlyProxiesLeftMeansTheLeftmostProxy() {
        assertThat(resolve("10.0.0.2", "10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(resolve("10.0.0.2", null)).isEqualTo("10.0.0.2");
    }

    @Test
    void ipv6BlocksAndBracketsWork() {
        assertThat(resolve("2001:db8::1", "[2001:470::5]")).isEqualTo("2001:470:0:0:0:0:0:5");
        assertThat(ClientAddressResolver.bucketKey(addressOf("2001:470::5"))).isEqualTo("2001:470:0:0:0:0:0:0/64");
        assertThat(ClientAddressResolver.bucketKey(addressOf("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void forwardedProtoCountsOnlyFromATrustedProxy() {
        MockServerHttpRequest viaProxy = MockServerHttpRequest.get("http://gateway/")
                .remoteAddress(new InetSocketAddress("10.0.0.2", 4000)).header("X-Forwarded-Proto", "https").build();
        MockServerHttpRequest direct = MockServerHttpRequest.get("http://gateway/")
                .remoteAddress(new InetSocketAddress("203.0.113.5", 4000)).header("X-Forwarded-Proto", "https").build();
        assertThat(resolver.isSecure(viaProxy)).isTrue();
        assertThat(resolver.isSecure(direct)).isFalse();
    }

    @Test
    void cidrsAreValidated() {
        assertThat(ClientAddressResolver.isValidCidr("10.0.0.0/8")).isTrue();
        assertThat(ClientAddressResolver.isValidCidr("192.0.2.1")).isTrue();
        assertThat(ClientAddressResolver.isValidCidr("::1/128")).isTrue();
        assertThat(ClientAddressResolver.isValidCidr("10.0.0.0/33")).isFalse();
        assertThat(ClientAddressResolver.isValidCidr("proxy.internal")).isFalse();
        assertThat(new ClientAddressResolver(List.of("172.16.0.0/12")).resolve(MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("172.31.255.255", 1)).header("X-Forwarded-For", "192.0.2.4")
                .build()).getHostAddress()).isEqualTo("192.0.2.4");
    }

    private String resolve(String peer, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress(addressOf(peer), 4000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return resolver.resolve(request.build()).getHostAddress();
    }

    private static InetAddress addressOf(String literal) {
        return ClientAddressResolver.parseLiteral(literal);
    }
}
