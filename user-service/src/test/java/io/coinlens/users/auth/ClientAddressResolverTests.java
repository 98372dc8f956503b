package io.coinlens.users.auth;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

    private static final InetSocketAddress GATEWAY = new InetSocketAddress("10.0.0.7", 40000);

    @Test
    void usesThePeerWhenNoProxyIsTrusted() {
        assertThat(ClientAddressResolver.resolve(List.of("203.0.113.9"), GATEWAY, 0)).isEqualTo("10.0.0.7");
    }

    @Test
    void takesTheEntryTheTrustedProxyAppended() {
        assertThat(ClientAddressResolver.resolve(List.of("203.0.113.9"), GATEWAY, 1)).isEqualTo("203.0.113.9");
        // The client wrote the first entry itself; the gateway appended the real one.
        assertThat(ClientAddressResolver.resolve(List.of("1.2.3.4, 203.0.113.9"), GATEWAY, 1)).isEqualTo("203.0.113.9");
        assertThat(ClientAddressResolver.resolve(List.of("1.2.3.4", "203.0.113.9, 10.0.0.2"), GATEWAY, 2)).isEqualTo("203.0.113.9");
    }

    @Test
    void fallsBackToThePeerWhenTheHeaderIsMissingOrNotAnAddress() {
        assertThat(ClientAddressResolver.resolve(null, GATEWAY, 1)).isEqualTo("10.0.0.7");
        assertThat(ClientAddressResolver.resolve(List.of("evil.example"), GATEWAY, 1)).isEqualTo("10.0.0.7");
        assertThat(ClientAddressResolver.resolve(List.of("deadbeef"), GATEWAY, 1)).isEqualTo("10.0.0.7");
        assertThat(ClientAddressResolver.resolve(List.of("203.0.113.9"), GATEWAY, 2)).isEqualTo("10.0.0.7");
        assertThat(ClientAddressResolver.resolve(List.of("300.1.1.1"), GATEWAY, 1)).isEqualTo("10.0.0.7");
    }

    @Test
    void groupsIpv6ByItsSlash64() {
        assertThat(ClientAddressResolver.resolve(List.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), GATEWAY, 1))
                .isEqualTo(ClientAddressResolver.resolve(List.of("2001:db8:1:2::1"), GATEWAY, 1))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddressResolver.resolve(List.of("::ffff:203.0.113.9"), GATEWAY, 1)).isEqualTo("203.0.113.9");
    }
}
