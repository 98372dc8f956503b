package io.coinlens.starter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CoinlensDefaultsEnvironmentPostProcessorTests {

    private static final String WORKERS = CoinlensDefaultsEnvironmentPostProcessor.REACTOR_NETTY_WORKERS;

    private final CoinlensDefaultsEnvironmentPostProcessor processor = new CoinlensDefaultsEnvironmentPostProcessor();
    private String before;

    @BeforeEach
    void saveWorkers() {
        before = System.clearProperty(WORKERS);
    }

    @AfterEach
    void restoreWorkers() {
        if (before == null) {
            System.clearProperty(WORKERS);
        } else {
            System.setProperty(WORKERS, before);
        }
    }

    @Test
    void oneEventLoopPerAvailableCpuByDefault() {
        processor.postProcessEnvironment(new MockEnvironment(), new SpringApplication());
        assertThat(System.getProperty(WORKERS)).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void theSettingChoosesTheCount() {
        processor.postProcessEnvironment(new MockEnvironment().withProperty("coinlens.netty.event-loops", "3"),
                new SpringApplication());
        assertThat(System.getProperty(WORKERS)).isEqualTo("3");
    }

    @Test
    void anExplicitReactorNettySettingWins() {
        System.setProperty(WORKERS, "7");
        processor.postProcessEnvironment(new MockEnvironment().withProperty("coinlens.netty.event-loops", "3"),
                new SpringApplication());
        assertThat(System.getProperty(WORKERS)).isEqualTo("7");
    }

    @Test
    void fewerThanOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> processor.postProcessEnvironment(
                new MockEnvironment().withProperty("coinlens.netty.event-loops", "0"), new SpringApplication()))
                .withMessageContaining("coinlens.netty.event-loops");
    }
}
