package io.coinlens.simulator.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * What the exchanges do with a client that reads slower than they send: once its backlog is full, the connection is
 * closed, rather than kept open and silent. The client sees the close and reconnects (and backfills).
 */
public final class SlowConsumers {

    private static final Logger log = LoggerFactory.getLogger(SlowConsumers.class);
    static final CloseStatus TOO_SLOW = CloseStatus.POLICY_VIOLATION.withReason("client too slow");

    private SlowConsumers() {
    }

    /** Closes the session if sending failed for a full backlog; any other send failure is a connection gone. */
    public static Mono<Void> close(WebSocketSession session, Throwable failure) {
        if (!Exceptions.isOverflow(failure)) {
            return Mono.empty();
        }
        log.warn("closing connection {}: backlog full, client too slow", session.getId());
        return session.close(TOO_SLOW).onErrorResume(e -> Mono.empty());
    }
}
