package io.coinlens.devstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTests {

    @Test
    void namesEveryTakenPortAndWhoNeededIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket free = new ServerSocket(0)) {
            int freePort = free.getLocalPort();
            free.close();
            Map<Integer, String> wanted = new LinkedHashMap<>();
            wanted.put(taken.getLocalPort(), "gateway");
            wanted.put(freePort, "user-service");

            assertThat(Ports.isListening(taken.getLocalPort())).isTrue();
            assertThatThrownBy(() -> Ports.requireFree(wanted))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (gateway)")
                    .hasMessageNotContaining("user-service");
        }
    }
}
