package io.coinlens.users.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of user-service, under {@code coinlens.users}. */
@Validated
@ConfigurationProperties("coinlens.users")
public record UserProperties(@DefaultValue Tokens tokens) {

    /** @param accessTokenTtl how long an access token is valid */
    public record Tokens(@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl) {
    }
}
