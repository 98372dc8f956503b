package io.coinlens.marketdata.stream;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Who listens to which stream; hands each message to every subscriber. */
@Component
public class StreamHub {

    private final Map<String, Set<StreamSession>> subscribers = new ConcurrentHashMap<>();

    void subscribe(String stream, StreamSession session) {
        subscribers.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet()).add(session);
        session.subscriptions().add(stream);
    }

    void unsubscribe(String stream, StreamSession session) {
        session.subscriptions().remove(stream);
        Set<StreamSession> sessions = subscribers.get(stream);
        if (sessions != null) {
            sessions.remove(session);
        }
    }

    void remove(StreamSession session) {
        for (String stream : Set.copyOf(session.subscriptions())) {
            unsubscribe(stream, session);
        }
    }

    void publish(String stream, boolean conflated, String json) {
        Set<StreamSession> sessions = subscribers.get(stream);
        if (sessions == null) {
            return;
        }
        for (StreamSession session : sessions) {
            session.deliver(stream, conflated, json);
        }
    }
}
