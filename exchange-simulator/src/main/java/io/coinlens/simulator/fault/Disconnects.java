package io.coinlens.simulator.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

import java.lang.reflect.Method;

/** Cuts a WebSocket the way a network failure does: the TCP connection closes, no close frame is sent. */
public final class Disconnects {

    private static final Logger log = LoggerFactory.getLogger(Disconnects.class);
    private static final Method DELEGATE = delegateAccessor();

    private Disconnects() {
    }

    public static void cut(WebSocketSession session) {
        if (DELEGATE != null && session instanceof ReactorNettyWebSocketSession) {
            try {
                ReactorNettyWebSocketSession.WebSocketConnection connection =
                        (ReactorNettyWebSocketSession.WebSocketConnection) DELEGATE.invoke(session);
                connection.getInbound().withConnection(c -> c.channel().close());
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("cannot reach the Netty channel, closing with a close frame instead", e);
            }
        }
        session.close(CloseStatus.GOING_AWAY).subscribe();
    }

    // Spring keeps the Reactor Netty connection behind a protected accessor; nothing public closes without a frame.
    private static Method delegateAccessor() {
        try {
            Method method = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
