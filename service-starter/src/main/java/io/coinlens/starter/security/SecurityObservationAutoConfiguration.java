package io.coinlens.starter.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observation per security filter, authentication and authorization. Spring Security otherwise opens and closes
 * an observation (a span, a timer, thread-local scopes) around each filter of the chain on every request, which cost
 * more CPU than the rest of the gateway's work together (gateway/BENCHMARKS-gateway.md); the request's own
 * {@code http.server.requests} observation, with its status, still covers 401s and 403s.
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
public class SecurityObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
