package io.coinlens.marketdata.leader;

import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionShard;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leases on fabric8's mock Kubernetes API (CRUD mode): one ingester per shard among replicas, and handover. */
@EnableKubernetesMockClient(crud = true)
class ShardLeadershipTests {

    /** Generous: elections run on a shared, loaded machine; only lower bounds are about correctness. */
    static final Duration ACQUIRE = Duration.ofSeconds(30);

    // Long enough that a released lease (handed over at once) and an expired one differ even on a loaded machine.
    static final Duration LEASE = Duration.ofMillis(6000);
    static final Duration RETRY = Duration.ofMillis(200);
    static final AtomicInteger NAMESPACES = new AtomicInteger();

    static KubernetesMockServer server;

    /** Who ran which shard when, across replicas: "replica+shard" on start, "replica-shard" on stop. */
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ShardLeadership> replicas = new ArrayList<>();
    final List<KubernetesClient> clients = new ArrayList<>();
    /** Each test has its own namespace, so leases left by another test do not interfere. */
    final MarketDataProperties.LeaderElection settings = new MarketDataProperties.LeaderElection(true,
            "test-" + NAMESPACES.incrementAndGet(), "", LEASE, Duration.ofMillis(4500), RETRY);

    @AfterEach
    void stopReplicas() {
        replicas.forEach(ShardLeadership::stop);
        clients.forEach(KubernetesClient::close);
    }

    @Test
    void twoReplicasNeverRunTheSameShardAndTheLeaseNamesItsHolder() {
        ShardLeadership a = replica("pod-a", "0", "1");
        ShardLeadership b = replica("pod-b", "0", "1");

        await().atMost(ACQUIRE).until(() -> a.leading().size() + b.leading().size() == 2);
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            for (String shard : List.of("0", "1")) {
                assertThat(a.leading().contains(shard) && b.leading().contains(shard))
                        .as("shard %s runs on both replicas", shard).isFalse();
            }
            sleep(20);
        }
        assertThat(a.leading().size() + b.leading().size()).isEqualTo(2);
        for (String shard : List.of("0", "1")) {
            Lease lease = server.createClient().leases().inNamespace(settings.namespace())
                    .withName("coinlens-market-data-shard-" + shard).get();
            assertThat(lease.getSpec().getHolderIdentity())
                    .isEqualTo(a.leading().contains(shard) ? "pod-a" : "pod-b");
        }
    }

    @Test
    void aStoppedLeaderReleasesItsShardAndTheOtherReplicaTakesOver() {
        ShardLeadership a = replica("pod-a", "0");
        await().atMost(ACQUIRE).until(() -> a.leading().equals(List.of("0")));
        ShardLeadership b = replica("pod-b", "0");
        sleep(LEASE.toMillis());
        assertThat(b.leading()).as("a follower while the leader renews").isEmpty();

        long stoppedAt = System.nanoTime();
        a.stop();
        await().atMost(LEASE.plus(ACQUIRE)).until(() -> b.leading().equals(List.of("0")));
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LEASE);
        assertThat(events).containsSubsequence("pod-a+0", "pod-a-0", "pod-b+0");
    }

    @Test
    void whenTheLeaderLosesTheApiItStopsAndTheOtherTakesOverWithinTheLeaseDuration() {
        AtomicBoolean partitioned = new AtomicBoolean();
        ShardLeadership a = replica("pod-a", client(partitioned), "0");
        await().atMost(ACQUIRE).until(() -> a.leading().equals(List.of("0")));
        ShardLeadership b = replica("pod-b", "0");
        sleep(RETRY.toMillis() * 3);
        assertThat(b.leading()).isEmpty();

        // Like a crashed or partitioned pod: it can no longer renew, and it does not release the lease either.
        partitioned.set(true);
        long cutAt = System.nanoTime();
        await().atMost(LEASE.plus(ACQUIRE)).until(() -> b.leading().equals(List.of("0")));
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).as("not before the lease expired")
                .isGreaterThan(LEASE.minus(RETRY.multipliedBy(2)));
        assertThat(a.leading()).isEmpty();
        assertThat(events).as("the old leader stopped before the new one started: never two writers")
                .containsSubsequence("pod-a+0", "pod-a-0", "pod-b+0");
    }

    @Test
    void healthShowsWhichShardsThisReplicaLeads() {
        ShardLeadership a = replica("pod-a", "0", "1");
        await().atMost(ACQUIRE).until(() -> a.leading().size() == 2);

        Health health = new ShardLeadershipHealthIndicator(a).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mode", "lease").containsEntry("identity", "pod-a")
                .containsEntry("leading", List.of("0", "1"))
                .containsEntry("shards", Map.of("0", true, "1", true));
    }

    @Test
    void withoutLeaderElectionEveryShardRunsHere() {
        ShardLeadership local = ShardLeadership.local(List.of(new RecordingShard("local", "0"),
                new RecordingShard("local", "coinbase")));
        replicas.add(local);
        local.start();
        assertThat(local.leading()).containsExactly("0", "coinbase");
        assertThat(new ShardLeadershipHealthIndicator(local).health().getDetails()).containsEntry("mode", "local");
        local.stop();
        assertThat(local.leading()).isEmpty();
    }

    private ShardLeadership replica(String identity, String... shardIds) {
        return replica(identity, client(new AtomicBoolean()), shardIds);
    }

    /** A client configured as in production, whose requests go nowhere while {@code partitioned} is set. */
    private KubernetesClient client(AtomicBoolean partitioned) {
        Interceptor partition = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (partitioned.get()) {
                    builder.uri(URI.create("http://127.0.0.1:1" + request.uri().getRawPath()));
                }
            }
        };
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(ShardLeadership.electionConfig(server.createClient().getConfiguration(), settings))
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("partition", partition))
                .build();
        clients.add(client);
        return client;
    }

    private ShardLeadership replica(String identity, KubernetesClient client, String... shardIds) {
        List<IngestionShard> shards = new ArrayList<>();
        for (String id : shardIds) {
            shards.add(new RecordingShard(identity, id));
        }
        ShardLeadership leadership = ShardLeadership.elected(shards, client, settings, identity);
        replicas.add(leadership);
        leadership.start();
        return leadership;
    }

    private final class RecordingShard implements IngestionShard {
        private final String replica;
        private final String id;
        private volatile boolean running;

        RecordingShard(String replica, String id) {
            this.replica = replica;
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized void start() {
            if (!running) {
                running = true;
                events.add(replica + "+" + id);
            }
        }

        @Override
        public synchronized void stop() {
            if (running) {
                running = false;
                events.add(replica + "-" + id);
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
