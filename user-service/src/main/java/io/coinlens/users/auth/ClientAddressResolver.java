package io.coinlens.users.auth;

import io.coinlens.users.config.UserProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request came from, for throttling and the audit log. Behind {@code trustedProxyHops} proxies that
 * each append to {@code X-Forwarded-For}, the client is the entry that many from the right; anything further left
 * was written by the client and is ignored. IPv6 addresses are grouped by /64, which one host usually owns whole.
 */
@Component
public class ClientAddressResolver {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final int trustedProxyHops;

    ClientAddressResolver(UserProperties properties) {
        this.trustedProxyHops = properties.throttle().trustedProxyHops();
    }

    public String resolve(ServerHttpRequest request) {
        return resolve(request.getHeaders().get("X-Forwarded-For"), request.getRemoteAddress(), trustedProxyHops);
    }

    static String resolve(List<String> forwardedFor, InetSocketAddress remote, int trustedProxyHops) {
        if (trustedProxyHops > 0 && forwardedFor != null) {
            List<String> hops = new ArrayList<>();
            forwardedFor.forEach(header -> Arrays.stream(header.split(",")).map(String::trim).forEach(hops::add));
            if (hops.size() >= trustedProxyHops) {
                InetAddress client = parseLiteral(hops.get(hops.size() - trustedProxyHops));
                if (client != null) {
                    return group(client);
                }
            }
        }
        return remote == null || remote.getAddress() == null ? "unknown" : group(remote.getAddress());
    }

    /** An IP literal, or null; never a DNS look-up. */
    static InetAddress parseLiteral(String value) {
        if (value == null || !(IPV4.matcher(value).matches() || IPV6.matcher(value).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String group(InetAddress address) {
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
}
