package io.coinlens.users.account;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** The {@code preferences} table, one row per user, made with defaults at registration. */
@Repository
class PreferencesRepository {

    private final DatabaseClient db;

    PreferencesRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Preferences> find(UUID userId) {
        return db.sql("""
                select quote_currency, time_zone, notify_email, notify_push, notify_price_alerts, notify_signals
                from preferences where user_id = :userId""")
                .bind("userId", userId).map(PreferencesRepository::toPreferences).one();
    }

    Mono<Preferences> save(UUID userId, Preferences preferences, Instant now) {
        Preferences.Notifications notify = preferences.notifications();
        return db.sql("""
                insert into preferences (user_id, quote_currency, time_zone, notify_email, notify_push,
                                         notify_price_alerts, notify_signals, updated_at)
                values (:userId, :currency, :zone, :email, :push, :priceAlerts, :signals, :now)
                on conflict (user_id) do update set quote_currency = excluded.quote_currency,
                    time_zone = excluded.time_zone, notify_email = excluded.notify_email,
                    notify_push = excluded.notify_push, notify_price_alerts = excluded.notify_price_alerts,
                    notify_signals = excluded.notify_signals, updated_at = excluded.updated_at""")
                .bind("userId", userId).bind("currency", preferences.quoteCurrency())
                .bind("zone", preferences.timeZone()).bind("email", notify.email()).bind("push", notify.push())
                .bind("priceAlerts", notify.priceAlerts()).bind("signals", notify.signals()).bind("now", now)
                .then()
                .thenReturn(preferences);
    }

    private static Preferences toPreferences(Readable row) {
        return new Preferences(row.get("quote_currency", String.class), row.get("time_zone", String.class),
                new Preferences.Notifications(row.get("notify_email", Boolean.class), row.get("notify_push", Boolean.class),
                        row.get("notify_price_alerts", Boolean.class), row.get("notify_signals", Boolean.class)));
    }
}
