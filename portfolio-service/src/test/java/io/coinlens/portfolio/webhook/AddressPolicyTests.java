package io.coinlens.portfolio.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTests {

    private final AddressPolicy policy = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
            "172.31.255.254", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "100.64.0.1",
            "100.127.255.254", "224.0.0.1", "ff02::1", "240.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.0.170",
            // IPv4 hidden in IPv6: mapped, NAT64 and 6to4 forms of loopback, metadata and private addresses.
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:0a00:0001::"})
    void refusesEverythingThatIsNotPublicUnicast(String address) throws Exception {
        assertThat(policy.refusal(InetAddress.getByName(address))).as(address).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
            "::ffff:8.8.8.8"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(policy.refusal(InetAddress.getByName(address))).as(address).isNull();
    }

    @Test
    void anOperatorMayAllowOneNetworkAndNothingBeyondIt() throws Exception {
        AddressPolicy local = new AddressPolicy(List.of("127.0.0.1/32", "fd00:1::/32"));
        assertThat(local.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(local.refusal(InetAddress.getByName("fd00:1:2::3"))).isNull();
        assertThat(local.refusal(InetAddress.getByName("127.0.0.2"))).isNotNull();
        assertThat(local.refusal(InetAddress.getByName("fd00:2::3"))).isNotNull();
        assertThat(local.refusal(InetAddress.getByName("169.254.169.254"))).isNotNull();
    }

    @Test
    void aMalformedNetworkIsAConfigurationError() {
        assertThatThrownBy(() -> new AddressPolicy(List.of("127.0.0.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPolicy(List.of("127.0.0.1/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
