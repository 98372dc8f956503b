package io.coinlens.ml.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of ml-service, under {@code coinlens.ml}. */
@Validated
@ConfigurationProperties("coinlens.ml")
public record MlProperties(@DefaultValue Models models) {

    /** @param horizon how many intervals ahead predictions look */
    public record Models(@DefaultValue("1h") String interval, @DefaultValue("4") int horizon) {
    }
}
