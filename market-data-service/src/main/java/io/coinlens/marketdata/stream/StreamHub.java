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
        subscribers.computeIfAbsent(route(stream, session.userId()), s -> ConcurrentHashMap.newKeySet()).add(session);
        session.subscriptions().add(stream);
    }

    void unsubscribe(String stream, StreamSession session) {
        session.subscriptions().remove(stream);
        Set<StreamSession> sessions = subscribers.get(route(stream, session.userId()));
        if (sessions != null) {
            sessions.remove(session);
        }
    }

    void remove(StreamSession session) {
        for (String stream : Set.copyOf(session.subscriptions())) {
            unsubscribe(stream, session);
        }
    }

    /** Whether any connection listens to {@code stream}: if none, its events need not even be decoded. */
    boolean hasSubscribers(String stream) {
        Set<StreamSession> sessions = subscribers.get(stream);
        return sessions != null && !sessions.isEmpty();
    }

    boolean hasAlertSubscribers(String userId) {
        return hasSubscribers(route(StreamName.ALERTS, userId));
    }

    void publish(String stream, boolean conflated, String json) {
        deliver(stream, stream, conflated, json);
    }

    /** An alert goes to its user's connections only: everyone's stream is called {@code alerts}. */
    void publishAlert(String userId, String json) {
        deliver(route(StreamName.ALERTS, userId), StreamName.ALERTS, false, json);
    }

    private void deliver(String route, String stream, boolean conflated, String json) {
        Set<StreamSession> sessions = subscribers.get(route);
        if (sessions == null) {
            return;
        }
        for (StreamSession session : sessions) {
            session.deliver(stream, conflated, json);
        }
    }

    /** Stream names never contain a colon, so a user's alerts route cannot collide with a public stream. */
    private static String route(String stream, String userId) {
        return stream.equals(StreamName.ALERTS) ? StreamName.ALERTS + ":" + userId : stream;
    }
}
