package io.coinlens.gateway.edge;

import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a request. The TCP peer is the client unless it is one of the trusted proxies; then
 * {@code X-Forwarded-For} is read from the right, and the first address that is not a trusted proxy is the client.
 * Everything to its left was written by the client itself and is ignored, so rotating it changes nothing.
 */
public final class ClientAddressResolver {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Cidr> trusted;

    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** The client's address, or null if the server does not know the peer. */
    public InetAddress resolve(ServerHttpRequest request) {
        return resolve(request.getRemoteAddress(), request.getHeaders().getOrEmpty("X-Forwarded-For"));
    }

    /** The same, from the TCP peer and the request's {@code X-Forwarded-For} headers. */
    public InetAddress resolve(InetSocketAddress remote, List<String> forwardedForHeaders) {
        InetAddress current = remote == null ? null : remote.getAddress();
        if (current == null || !isTrusted(current)) {
            return current;
        }
        List<String> hops = forwardedFor(forwardedForHeaders);
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parseLiteral(hops.get(i));
            if (hop == null) {
                // Not an address: whoever wrote it is not a proxy we trust, so the last trusted hop is all we know.
                return current;
            }
            current = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return current;
    }

    /** Whether the request came straight from a trusted proxy, whose {@code X-Forwarded-*} headers may be believed. */
    public boolean isFromTrustedProxy(ServerHttpRequest request) {
        InetAddress peer = peer(request);
        return peer != null && isTrusted(peer);
    }

    /** The scheme the client used: https if TLS ended here, or a trusted proxy says it ended there. */
    public boolean isSecure(ServerHttpRequest request) {
        return isSecure(request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme()),
                request.getRemoteAddress(), request.getHeaders().getOrEmpty("X-Forwarded-Proto"));
    }

    /** The same, from whether TLS ended here, the TCP peer and the request's {@code X-Forwarded-Proto} headers. */
    public boolean isSecure(boolean tls, InetSocketAddress remote, List<String> protos) {
        if (tls) {
            return true;
        }
        if (remote == null || remote.getAddress() == null || !isTrusted(remote.getAddress())) {
            return false;
        }
        if (protos.isEmpty()) {
            return false;
        }
        String[] values = protos.get(protos.size() - 1).split(",");
        return "https".equalsIgnoreCase(values[values.length - 1].trim());
    }

    /** A rate-limit key: the address, or its /64 for IPv6, which one host usually owns whole. */
    public static String bucketKey(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address.getHostAddress();
    }

    public static boolean isValidCidr(String value) {
        try {
            Cidr.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        return hops;
    }

    /** An IP literal, or null; never a DNS look-up, whatever the header says. */
    static InetAddress parseLiteral(String value) {
        String literal = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (!(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block; a bare address is a block of one. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String value) {
            String text = value.trim();
            int slash = text.indexOf('/');
            InetAddress address = parseLiteral(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an address: " + value);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + value);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length out of range: " + value);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
