package io.coinlens.testing;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Coinlens service must do from its first commit, checked against real PostgreSQL, Redis and Kafka:
 * be ready only when its dependencies are, own its schema through Flyway, expose Prometheus metrics, and document
 * no endpoint it lacks. A service's integration test extends this and names its schema and readiness checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedInfrastructure
public abstract class ServiceBaselineTests {

    @Autowired
    protected WebTestClient web;

    @Autowired
    private ApplicationContext context;

    /** The PostgreSQL schema this service owns, or null if it owns none. */
    protected abstract String ownedSchema();

    /** The health contributors its readiness depends on. */
    protected abstract List<String> readinessChecks();

    /** The paths its OpenAPI document lists; none until a feature adds them. */
    protected List<String> documentedPaths() {
        return List.of();
    }

    @Test
    void isReadyWhenEveryRealDependencyIsUp() {
        WebTestClient.BodyContentSpec body = web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        for (String check : readinessChecks()) {
            body.jsonPath("$.components." + check + ".status").isEqualTo("UP");
        }
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void ownsItsSchemaThroughFlyway() {
        String schema = ownedSchema();
        if (schema == null) {
            assertThat(ClassUtils.isPresent("io.r2dbc.spi.ConnectionFactory", getClass().getClassLoader()))
                    .as("a service that owns no schema has no database driver").isFalse();
            return;
        }
        SchemaOwnership.check(context, schema);
    }

    @Test
    void exposesPrometheusMetricsTaggedWithItsName() {
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes").contains("application=\""));
    }

    @Test
    void documentsOnlyTheEndpointsItHas() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths.length()").isEqualTo(documentedPaths().size());
    }

    @Test
    void keepsActuatorInternalsPrivate() {
        web.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        web.get().uri("/actuator/heapdump").exchange().expectStatus().isNotFound();
    }
}
