package io.coinlens.analytics.history;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import java.math.BigDecimal;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Candle history in {@code analytics.candles}. */
@Repository
public class CandleRepository {

    private final DatabaseClient db;

    public CandleRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Idempotent: a redelivered or older revision changes nothing. Emits the number of rows written (0 or 1). */
    public Mono<Long> upsert(CandleUpdated c) {
        return db.sql("""
                INSERT INTO candles (exchange, symbol, interval_code, open_time, close_time, open, high, low, close,
                                     volume, quote_volume, trades, closed, revision, source)
                VALUES (:exchange, :symbol, :interval, :openTime, :closeTime, :open, :high, :low, :close,
                        :volume, :quoteVolume, :trades, :closed, :revision, :source)
                ON CONFLICT (exchange, symbol, interval_code, open_time) DO UPDATE SET
                    close_time = excluded.close_time, open = excluded.open, high = excluded.high,
                    low = excluded.low, close = excluded.close, volume = excluded.volume,
                    quote_volume = excluded.quote_volume, trades = excluded.trades, closed = excluded.closed,
                    revision = excluded.revision, source = excluded.source
                WHERE candles.revision < excluded.revision
                """)
                .bind("exchange", c.exchange())
                .bind("symbol", c.symbol())
                .bind("interval", c.interval().code())
                .bind("openTime", c.openTime())
                .bind("closeTime", c.closeTime())
                .bind("open", c.open())
                .bind("high", c.high())
                .bind("low", c.low())
                .bind("close", c.close())
                .bind("volume", c.volume())
                .bind("quoteVolume", c.quoteVolume())
                .bind("trades", c.trades())
                .bind("closed", c.closed())
                .bind("revision", c.revision())
                .bind("source", c.source())
                .fetch().rowsUpdated();
    }

    /** Candles of a symbol in [startTime, endTime] by open time, oldest first. */
    public Flux<CandleUpdated> find(String symbol, Interval interval, long startTime, long endTime, int limit) {
        return db.sql("""
                SELECT exchange, symbol, open_time, close_time, open, high, low, close, volume, quote_volume, trades,
                       closed, revision, source
                FROM candles
                WHERE symbol = :symbol AND interval_code = :interval AND open_time BETWEEN :start AND :end
                ORDER BY open_time, exchange
                LIMIT :limit
                """)
                .bind("symbol", symbol)
                .bind("interval", interval.code())
                .bind("start", startTime)
                .bind("end", endTime)
                .bind("limit", limit)
                .map(row -> new CandleUpdated(row.get("exchange", String.class), row.get("symbol", String.class),
                        interval, row.get("open_time", Long.class), row.get("close_time", Long.class),
                        row.get("open", BigDecimal.class), row.get("high", BigDecimal.class),
                        row.get("low", BigDecimal.class), row.get("close", BigDecimal.class),
                        row.get("volume", BigDecimal.class), row.get("quote_volume", BigDecimal.class),
                        row.get("trades", Long.class), row.get("closed", Boolean.class),
                        row.get("revision", Long.class), row.get("source", String.class)))
                .all();
    }

    /** The most recent candles of a symbol, oldest first: the input of the compatibility endpoints. */
    public Flux<CandleUpdated> latest(String symbol, Interval interval, int limit) {
        return db.sql("""
                SELECT open_time FROM candles WHERE symbol = :symbol AND interval_code = :interval
                ORDER BY open_time DESC LIMIT 1 OFFSET :skip
                """)
                .bind("symbol", symbol).bind("interval", interval.code()).bind("skip", Math.max(0, limit - 1))
                .map(row -> row.get(0, Long.class)).one()
                .switchIfEmpty(Mono.just(0L))
                .flatMapMany(start -> find(symbol, interval, start, Long.MAX_VALUE, limit));
    }

    public Mono<Boolean> knows(String symbol) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM candles WHERE symbol = :symbol)").bind("symbol", symbol)
                .map(row -> row.get(0, Boolean.class)).one();
    }
}
