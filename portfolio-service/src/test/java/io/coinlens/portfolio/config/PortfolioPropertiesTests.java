package io.coinlens.portfolio.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PortfolioPropertiesTests {

    @Configuration
    @EnableConfigurationProperties(PortfolioProperties.class)
    static class Config {
    }

    @Test
    void defaultsGiveEachAssetItsPrecision() {
        new ApplicationContextRunner().withUserConfiguration(Config.class)
                .withPropertyValues("coinlens.portfolio.assets.scales.DOGE=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PortfolioProperties properties = context.getBean(PortfolioProperties.class);
                    assertThat(properties.assets().scale("DOGE")).isEqualTo(2);
                    assertThat(properties.assets().scale("XYZ")).isEqualTo(8);
                    assertThat(properties.assets().scale("USD")).isEqualTo(2);
                    assertThat(properties.assets().scale("ETH")).isEqualTo(18);
                });
    }
}
