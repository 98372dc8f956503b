package io.coinlens.simulator.config;

import io.coinlens.simulator.fault.Faults;
import io.coinlens.simulator.account.SpotAccount;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.SeriesCatalog;
import io.coinlens.simulator.replay.ReplayEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class SimulatorConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SeriesCatalog seriesCatalog() {
        return new SeriesCatalog();
    }

    @Bean
    Market market(SimulatorProperties properties, Clock clock) {
        return new Market(new MarketFeed(clock), properties.replay().firstTradeId(), properties.history().maxTrades(),
                properties.history().maxKlines(), properties.binance().klineInterval(),
                properties.binance().tickerInterval());
    }

    @Bean
    SpotAccount spotAccount(Market market, SimulatorProperties properties) {
        return new SpotAccount(market, properties.account());
    }

    @Bean
    Faults faults(SimulatorProperties properties, Market market, MeterRegistry meters) {
        return new Faults(properties.faults(), market, meters);
    }

    @Bean
    ReplayEngine replayEngine(SimulatorProperties properties, SeriesCatalog catalog, Market market, Faults faults,
            Clock clock) {
        return new ReplayEngine(properties, catalog, market, faults, clock);
    }
}
