package io.coinlens.portfolio.webhook;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.SocketUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves every host a webhook connection goes to, redirects included, and refuses the connection when any address
 * is one the {@link AddressPolicy} forbids. Checking at connect time, on the address actually used, leaves no gap
 * for DNS rebinding between a check and the request. IP literals are checked too: nothing counts as pre-resolved.
 */
final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final AddressPolicy policy;

    GuardedAddressResolverGroup(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return false;
            }

            @Override
            protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
                try {
                    List<InetAddress> all = checked(address);
                    promise.setSuccess(new InetSocketAddress(all.get(0), address.getPort()));
                } catch (UnknownHostException | RefusedAddressException e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
                try {
                    List<InetSocketAddress> resolved = new ArrayList<>();
                    for (InetAddress a : checked(address)) {
                        resolved.add(new InetSocketAddress(a, address.getPort()));
                    }
                    promise.setSuccess(resolved);
                } catch (UnknownHostException | RefusedAddressException e) {
                    promise.setFailure(e);
                }
            }
        };
    }

    /** Every address of the host, or an exception if any one of them is refused. */
    List<InetAddress> checked(InetSocketAddress address) throws UnknownHostException {
        InetAddress[] all = address.isUnresolved()
                ? SocketUtils.allAddressesByName(address.getHostString())
                : new InetAddress[] {address.getAddress()};
        for (InetAddress a : all) {
            String refusal = policy.refusal(a);
            if (refusal != null) {
                throw new RefusedAddressException(address.getHostString(), a, refusal);
            }
        }
        return List.of(all);
    }

    /** A webhook host that resolves to an address the guard forbids. */
    static final class RefusedAddressException extends RuntimeException {
        RefusedAddressException(String host, InetAddress address, String why) {
            super(host + " resolves to " + address.getHostAddress() + ", " + why + ": refused");
        }
    }
}
