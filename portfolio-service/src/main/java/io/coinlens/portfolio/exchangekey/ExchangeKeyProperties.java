package io.coinlens.portfolio.exchangekey;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Exchange API keys, under {@code coinlens.portfolio.exchange-keys}.
 *
 * @param masterKeys  AES-256 keys by id, base64, from a secret (never from the repository); several during a
 *                    rotation. None: the feature answers 503.
 * @param currentKey  the id new and re-encrypted keys are sealed with
 * @param binanceUrl  Binance's REST API (the simulator locally)
 * @param symbols     what an import reads fills for, when the request names none
 */
@Validated
@ConfigurationProperties("coinlens.portfolio.exchange-keys")
public record ExchangeKeyProperties(
        @DefaultValue Map<String, String> masterKeys,
        @DefaultValue("") String currentKey,
        @DefaultValue("https://api.binance.com") @NotNull URI binanceUrl,
        @DefaultValue({"BTCUSDT", "ETHUSDT"}) @NotEmpty List<String> symbols) {
}
