package io.coinlens.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A fake exchange: Binance's spot WebSocket and REST protocol, and Coinbase's trade feed, replaying real candles. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExchangeSimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExchangeSimulatorApplication.class, args);
    }
}
