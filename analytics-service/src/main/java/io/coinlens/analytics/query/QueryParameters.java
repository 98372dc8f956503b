package io.coinlens.analytics.query;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Symbols;

/** Parses query parameters, naming the parameter in every complaint. */
final class QueryParameters {

    static final int MAX_LIMIT = 1000;

    private QueryParameters() {
    }

    static String symbol(String name, String value) {
        if (value == null || !Symbols.isSymbol(value)) {
            throw new BadParameterException(name, "must be a symbol like BTC-USDT, was '" + value + "'");
        }
        return value;
    }

    static Interval interval(String value) {
        return Interval.find(value == null ? "" : value).orElseThrow(() -> new BadParameterException("interval",
                "must be one of 1m 5m 15m 1h 4h 1d, was '" + value + "'"));
    }

    static long time(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long time = Long.parseLong(value);
            if (time < 0) {
                throw new BadParameterException(name, "must be epoch milliseconds, was '" + value + "'");
            }
            return time;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be epoch milliseconds, was '" + value + "'");
        }
    }

    static int positive(String name, String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameterException(name, "must be a whole number from 1 to " + max + ", was '" + value + "'");
    }

    static double positiveNumber(String name, String value, double fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameterException(name, "must be a positive number, was '" + value + "'");
    }

    static void range(long startTime, long endTime) {
        if (startTime > endTime) {
            throw new BadParameterException("startTime", "must not be after endTime");
        }
    }

    /** A query parameter that cannot be used as given: 400, naming it. */
    static final class BadParameterException extends RuntimeException {

        final String parameter;

        BadParameterException(String parameter, String problem) {
            super(parameter + " " + problem);
            this.parameter = parameter;
        }
    }

    /** A symbol this service has no data for: 404. */
    static final class UnknownSymbolException extends RuntimeException {

        UnknownSymbolException(String symbol) {
            super("no data for symbol " + symbol);
        }
    }
}
