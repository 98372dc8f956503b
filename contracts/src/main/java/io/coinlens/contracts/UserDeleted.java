package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A user deleted their account; every service erases that user's data. Topic {@code user.events.v1}. */
public record UserDeleted(String userId, @JsonProperty(required = true) long at) implements CoinlensEvent {

    @Override
    public String key() {
        return userId;
    }

    @Override
    public List<String> violations() {
        return new Violations().notBlank("userId", userId).epochMillis("at", at).list();
    }
}
