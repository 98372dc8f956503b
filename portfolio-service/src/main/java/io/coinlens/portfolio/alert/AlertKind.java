package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an alert watches; the code is what the API and the database carry. */
public enum AlertKind {
    PRICE("price"),
    PERCENT_MOVE("percent_move"),
    SIGNAL("signal"),
    DRAWDOWN("drawdown"),
    PREDICTION("prediction");

    static final String CODES = Arrays.stream(values()).map(AlertKind::code).collect(Collectors.joining(", "));

    private final String code;

    AlertKind(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    static Optional<AlertKind> find(String code) {
        String wanted = code.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.code.equals(wanted)).findFirst();
    }
}
