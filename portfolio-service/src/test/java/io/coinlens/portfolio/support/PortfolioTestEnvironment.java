package io.coinlens.portfolio.support;

import io.coinlens.testing.AccessTokens;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;

/**
 * Points every test context at the test JWKS and the stub analytics-service. A factory (not a per-class dynamic
 * property source) so the baseline test and the feature tests share one cached context.
 */
public class PortfolioTestEnvironment implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    record Customizer() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("portfolioTestEnvironment",
                    Map.of("coinlens.security.jwt.jwks-uri", AccessTokens.jwksUri(),
                            "coinlens.portfolio.analytics.base-url", StubAnalytics.baseUrl(),
                            "coinlens.portfolio.analytics.timeout", "2s",
                            // Tests send their trades right after the listener starts: read them all.
                            "coinlens.portfolio.alerts.trades-offset-reset", "earliest",
                            "coinlens.portfolio.alerts.signals-offset-reset", "earliest",
                            "coinlens.portfolio.alerts.predictions-offset-reset", "earliest",
                            "coinlens.portfolio.alerts.outbox-poll-interval", "100ms")));
        }
    }
}
