package io.coinlens.marketdata.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of market-data-service, under {@code coinlens.market-data}. */
@Validated
@ConfigurationProperties("coinlens.market-data")
public record MarketDataProperties(@DefaultValue Binance binance) {

    /** Where the Binance connector connects: the real exchange in production, the simulator locally. */
    public record Binance(@DefaultValue("wss://stream.binance.com:9443") String streamUrl,
            @DefaultValue("https://api.binance.com") String restUrl,
            @DefaultValue("BTC-USDT,ETH-USDT") List<String> symbols) {
    }
}
