package io.coinlens.analytics.history;

import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.r2dbc.postgresql.codec.Json;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Indicator and signal history in {@code analytics.indicators} and {@code analytics.signals}. */
@Repository
public class IndicatorRepository {

    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json = JsonMapper.builder().build();

    public IndicatorRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Final values of a closed candle; a redelivery writes the same values again. */
    public Mono<Long> upsert(IndicatorsComputed v) {
        return db.sql("""
                INSERT INTO indicators (symbol, interval_code, open_time, indicator_values)
                VALUES (:symbol, :interval, :openTime, :values)
                ON CONFLICT (symbol, interval_code, open_time) DO UPDATE SET indicator_values = excluded.indicator_values
                """)
                .bind("symbol", v.symbol())
                .bind("interval", v.interval().code())
                .bind("openTime", v.openTime())
                .bind("values", Json.of(json.writeValueAsString(v.values())))
                .fetch().rowsUpdated();
    }

    public Flux<IndicatorsComputed> find(String symbol, Interval interval, long startTime, long endTime, int limit) {
        return db.sql("""
                SELECT open_time, indicator_values FROM indicators
                WHERE symbol = :symbol AND interval_code = :interval AND open_time BETWEEN :start AND :end
                ORDER BY open_time LIMIT :limit
                """)
                .bind("symbol", symbol).bind("interval", interval.code()).bind("start", startTime)
                .bind("end", endTime).bind("limit", limit)
                .map(row -> new IndicatorsComputed(symbol, interval, row.get("open_time", Long.class), false,
                        json.readValue(row.get("indicator_values", Json.class).asString(), VALUES)))
                .all();
    }

    public Mono<Long> insert(SignalRaised s) {
        return db.sql("""
                INSERT INTO signals (symbol, interval_code, kind, open_time, direction, value, threshold)
                VALUES (:symbol, :interval, :kind, :openTime, :direction, :value, :threshold)
                ON CONFLICT DO NOTHING
                """)
                .bind("symbol", s.symbol()).bind("interval", s.interval().code()).bind("kind", s.kind())
                .bind("openTime", s.openTime()).bind("direction", s.direction().code()).bind("value", s.value())
                .bind("threshold", s.threshold())
                .fetch().rowsUpdated();
    }

    /** Signals raised for candles opened at or after {@code since}, newest last; all symbols when symbol is null. */
    public Flux<SignalRaised> signals(String symbol, long since, int limit) {
        String where = symbol == null ? "open_time >= :since" : "symbol = :symbol AND open_time >= :since";
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT symbol, interval_code, kind, direction, open_time, "
                + "value, threshold FROM signals WHERE " + where + " ORDER BY open_time, symbol, kind LIMIT :limit")
                .bind("since", since).bind("limit", limit);
        if (symbol != null) {
            spec = spec.bind("symbol", symbol);
        }
        return spec.map(row -> new SignalRaised(row.get("symbol", String.class),
                        Interval.of(row.get("interval_code", String.class)), row.get("kind", String.class),
                        SignalRaised.Direction.of(row.get("direction", String.class)),
                        row.get("open_time", Long.class), row.get("value", Double.class),
                        row.get("threshold", Double.class)))
                .all();
    }
}
