package io.coinlens.portfolio.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of portfolio-service, under {@code coinlens.portfolio}. */
@Validated
@ConfigurationProperties("coinlens.portfolio")
public record PortfolioProperties(@DefaultValue Prices prices) {

    /** @param staleAfter a price older than this is shown as stale */
    public record Prices(@DefaultValue("60s") Duration staleAfter) {
    }
}
