package io.coinlens.gateway.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;

/** Where each service listens, under {@code coinlens.gateway}; the routes in application.yml point here. */
@Validated
@ConfigurationProperties("coinlens.gateway")
public record GatewayProperties(@DefaultValue Services services) {

    public record Services(
            @NotNull @DefaultValue("http://localhost:8081") URI userService,
            @NotNull @DefaultValue("http://localhost:8082") URI marketDataService,
            @NotNull @DefaultValue("http://localhost:8083") URI analyticsService,
            @NotNull @DefaultValue("http://localhost:8084") URI sentimentService,
            @NotNull @DefaultValue("http://localhost:8085") URI portfolioService,
            @NotNull @DefaultValue("http://localhost:8086") URI mlService) {
    }
}
