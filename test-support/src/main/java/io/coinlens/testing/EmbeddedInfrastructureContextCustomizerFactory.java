package io.coinlens.testing;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts what {@link EmbeddedInfrastructure} asks for and points the test's application context at it. */
class EmbeddedInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(EmbeddedInfrastructure.class)
                .synthesize(a -> a.isPresent())
                .map(a -> new Customizer(a.postgres(), a.redis(), a.kafka()))
                .orElse(null);
    }

    /** A record, so equal requests share a cached context. */
    record Customizer(boolean postgres, boolean redis, boolean kafka) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new HashMap<>();
            if (postgres) {
                properties.put("coinlens.postgres.host", "localhost");
                properties.put("coinlens.postgres.port", Infrastructure.postgres().getPort());
                properties.put("coinlens.postgres.database", "postgres");
                properties.put("coinlens.postgres.username", "postgres");
                properties.put("coinlens.postgres.password", "postgres");
            }
            if (redis) {
                properties.put("spring.data.redis.host", "127.0.0.1");
                properties.put("spring.data.redis.port", Infrastructure.redisPort());
            }
            if (kafka) {
                properties.put("spring.kafka.bootstrap-servers", Infrastructure.kafka().getBrokersAsString());
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", properties));
        }
    }
}
