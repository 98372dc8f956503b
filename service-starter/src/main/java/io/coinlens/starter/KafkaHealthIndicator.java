package io.coinlens.starter;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/** UP when the Kafka cluster answers a metadata request in time, with its id and broker count. */
class KafkaHealthIndicator extends AbstractReactiveHealthIndicator implements DisposableBean {

    private final AdminClient admin;
    private final Duration timeout;

    KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        super("Kafka health check failed");
        this.admin = AdminClient.create(adminConfig);
        this.timeout = timeout;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return Mono.fromFuture(cluster.clusterId().toCompletionStage().toCompletableFuture())
                .zipWith(Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture()))
                .map(result -> builder.up()
                        .withDetail("clusterId", result.getT1())
                        .withDetail("brokers", result.getT2().size())
                        .build())
                .timeout(timeout.plusSeconds(1));
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
