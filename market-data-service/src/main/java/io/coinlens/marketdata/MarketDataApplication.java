package io.coinlens.marketdata;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Exchange connections, the trade stream into Kafka, latest tickers, and the live WebSocket stream API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MarketDataApplication {

    public static void main(String[] args) {
        SpringApplication.run(MarketDataApplication.class, args);
    }
}
