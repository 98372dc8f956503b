package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Candle intervals, named as Binance names them. */
public enum Interval {
    M1("1m", 60_000L),
    M5("5m", 300_000L),
    M15("15m", 900_000L),
    H1("1h", 3_600_000L),
    H4("4h", 14_400_000L),
    D1("1d", 86_400_000L);

    private final String code;
    private final long millis;

    Interval(String code, long millis) {
        this.code = code;
        this.millis = millis;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public long millis() {
        return millis;
    }

    /** The open time of the interval containing {@code epochMillis}. */
    public long openTimeOf(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public static Optional<Interval> find(String code) {
        return Arrays.stream(values()).filter(i -> i.code.equals(code)).findFirst();
    }

    @JsonCreator
    public static Interval of(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException(
                "unknown interval '" + code + "', expected one of 1m 5m 15m 1h 4h 1d"));
    }
}
