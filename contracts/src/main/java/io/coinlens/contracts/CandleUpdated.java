package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * The current state of one candle. Topic {@code market.candles.v1}, key {@code symbol:interval}.
 *
 * @param closed   false while trades can still change it
 * @param revision grows with every update of the same candle; consumers keep the highest
 * @param source   {@code live} or {@code backfill}
 */
public record CandleUpdated(
        String exchange,
        String symbol,
        Interval interval,
        @JsonProperty(required = true) long openTime,
        @JsonProperty(required = true) long closeTime,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal open,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal high,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal low,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal close,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal volume,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quoteVolume,
        @JsonProperty(required = true) long trades,
        @JsonProperty(required = true) boolean closed,
        @JsonProperty(required = true) long revision,
        String source) implements CoinlensEvent {

    public static final Set<String> SOURCES = Set.of("live", "backfill");

    @Override
    public String key() {
        return symbol + ":" + (interval == null ? null : interval.code());
    }

    @Override
    public List<String> violations() {
        Violations v = new Violations()
                .notBlank("exchange", exchange)
                .symbol("symbol", symbol)
                .notNull("interval", interval)
                .epochMillis("openTime", openTime)
                .positive("open", open)
                .positive("high", high)
                .positive("low", low)
                .positive("close", close)
                .notNegative("volume", volume)
                .notNegative("quoteVolume", quoteVolume)
                .notNegative("trades", trades)
                .notNegative("revision", revision)
                .oneOf("source", source, SOURCES);
        if (interval != null) {
            v.check(openTime % interval.millis() == 0, "openTime must be aligned to the " + interval.code() + " interval")
                    .check(closeTime == openTime + interval.millis() - 1, "closeTime must be openTime + interval - 1 ms");
        }
        if (open != null && high != null && low != null && close != null) {
            v.check(high.compareTo(low) >= 0, "high must not be below low")
                    .check(open.compareTo(low) >= 0 && open.compareTo(high) <= 0, "open must lie within [low, high]")
                    .check(close.compareTo(low) >= 0 && close.compareTo(high) <= 0, "close must lie within [low, high]");
        }
        return v.list();
    }
}
