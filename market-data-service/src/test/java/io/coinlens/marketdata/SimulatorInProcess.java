package io.coinlens.marketdata;

/** Arguments for an exchange simulator started in this JVM, where this module's classpath and settings apply too. */
public final class SimulatorInProcess {

    /**
     * This module verifies access tokens (Spring Security on the classpath, a JWKS URI in its application.yml); the
     * simulator, like the real exchange, has no such thing.
     */
    public static final String WITHOUT_SECURITY = "--spring.autoconfigure.exclude="
            + "io.coinlens.starter.security.JwtResourceServerAutoConfiguration,"
            + "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive."
            + "ReactiveOAuth2ResourceServerAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.actuate.web.reactive."
            + "ReactiveManagementWebSecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration";

    private SimulatorInProcess() {
    }
}
