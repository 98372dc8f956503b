package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A user signed up. Topic {@code user.events.v1}, key {@code userId}. */
public record UserRegistered(String userId, @JsonProperty(required = true) long at) implements CoinlensEvent {

    @Override
    public String key() {
        return userId;
    }

    @Override
    public List<String> violations() {
        return new Violations().notBlank("userId", userId).epochMillis("at", at).list();
    }
}
