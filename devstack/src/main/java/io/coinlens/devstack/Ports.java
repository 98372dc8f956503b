package io.coinlens.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks ports before anything starts, so a clash is reported by name instead of as a child's stack trace. */
final class Ports {

    private Ports() {
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with one message naming every taken port and who needed it. */
    static void requireFree(Map<Integer, String> wanted) {
        Map<Integer, String> taken = new LinkedHashMap<>();
        wanted.forEach((port, owner) -> {
            if (!isFree(port)) {
                taken.put(port, owner);
            }
        });
        if (!taken.isEmpty()) {
            String list = taken.entrySet().stream().map(e -> "  port " + e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining("\n"));
            throw new StartupException("these ports are already in use by another process:\n" + list
                    + "\nStop whatever holds them (`ss -ltnp | grep <port>` shows it), or `./coinlens stop` if it is"
                    + " an earlier Coinlens run.");
        }
    }

    static List<Integer> sorted(Map<Integer, String> ports) {
        return ports.keySet().stream().sorted().toList();
    }
}
