package io.coinlens.starter;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Adds the settings every Coinlens service shares (probes, metrics tags, JSON logs, graceful shutdown) as the
 * lowest-precedence property source, so a service's own application.yml, profiles and environment override them.
 * Also sizes Reactor Netty's event loops (see {@link #EVENT_LOOPS}).
 */
class CoinlensDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String RESOURCE = "coinlens-defaults.yml";
    /**
     * Event loops for the HTTP server and clients; default one per available CPU. Reactor Netty's own default is at
     * least four, which in a pod of one or two CPUs is more threads than CPUs, and every request then pays for the
     * switching between them (gateway/BENCHMARKS-gateway.md, run 34). Read before the first server or client starts.
     */
    static final String EVENT_LOOPS = "coinlens.netty.event-loops";
    static final String REACTOR_NETTY_WORKERS = "reactor.netty.ioWorkerCount";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("coinlens-defaults", new ClassPathResource(RESOURCE, getClass().getClassLoader()));
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        // An explicit -Dreactor.netty.ioWorkerCount wins.
        if (System.getProperty(REACTOR_NETTY_WORKERS) == null) {
            int loops = environment.getProperty(EVENT_LOOPS, Integer.class, Runtime.getRuntime().availableProcessors());
            if (loops < 1) {
                throw new IllegalArgumentException(EVENT_LOOPS + " must be at least 1, was " + loops);
            }
            System.setProperty(REACTOR_NETTY_WORKERS, Integer.toString(loops));
        }
    }
}
