package io.coinlens.marketdata.leader;

import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionShard;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the ingestion shards: all of them here when leader election is off; otherwise each only while this replica
 * holds its coordination Lease ({@code coinlens-market-data-shard-<id>}), through fabric8's {@link LeaderElector}.
 * Losing a lease stops the shard; the replica then stands again as a candidate. The new leader's sequencer resumes
 * from the Redis checkpoint, so a handover leaves no gap.
 */
public class ShardLeadership implements SmartLifecycle {

    public static final String LEASE_PREFIX = "coinlens-market-data-shard-";

    private static final Logger log = LoggerFactory.getLogger(ShardLeadership.class);

    private final List<IngestionShard> shards;
    private final KubernetesClient client;
    private final MarketDataProperties.LeaderElection settings;
    private final String identity;
    private final String namespace;
    private final List<Election> elections = new ArrayList<>();
    private ExecutorService executor;
    private ScheduledExecutorService retries;
    private volatile boolean running;

    /** Every shard runs here: no Kubernetes API involved. */
    public static ShardLeadership local(List<IngestionShard> shards) {
        return new ShardLeadership(shards, null, null, "local");
    }

    /** Each shard runs here only while this replica, named {@code identity}, holds its lease. */
    public static ShardLeadership elected(List<IngestionShard> shards, KubernetesClient client,
            MarketDataProperties.LeaderElection settings, String identity) {
        return new ShardLeadership(shards, client, settings, identity);
    }

    private ShardLeadership(List<IngestionShard> shards, KubernetesClient client,
            MarketDataProperties.LeaderElection settings, String identity) {
        this.shards = List.copyOf(shards);
        this.client = client;
        this.settings = settings;
        this.identity = identity;
        this.namespace = client == null ? null
                : !settings.namespace().isBlank() ? settings.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /**
     * The client settings leader election needs: a renewal must fail fast, not retry for minutes inside the client,
     * or a partitioned leader would keep ingesting after its lease expired elsewhere.
     */
    public static Config electionConfig(Config base, MarketDataProperties.LeaderElection settings) {
        int timeout = (int) Math.max(1, settings.renewDeadline().toMillis() / 2);
        return new ConfigBuilder(base)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(timeout)
                .withRequestTimeout(timeout)
                .build();
    }

    public boolean isElected() {
        return client != null;
    }

    public String identity() {
        return identity;
    }

    /** Shard id → whether it runs on this replica. */
    public Map<String, Boolean> shardsRunningHere() {
        Map<String, Boolean> state = new TreeMap<>();
        shards.forEach(shard -> state.put(shard.id(), shard.isRunning()));
        return state;
    }

    public List<String> leading() {
        return shards.stream().filter(IngestionShard::isRunning).map(IngestionShard::id).toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (client == null) {
            shards.forEach(IngestionShard::start);
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        // Lease calls block on HTTP: a thread each, never an event loop.
        executor = Executors.newCachedThreadPool(r -> daemon(r, "shard-election-" + threads.incrementAndGet()));
        retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shard-election-retry"));
        log.info("electing a leader per shard as '{}' in namespace '{}' ({} shards)", identity, namespace, shards.size());
        for (IngestionShard shard : shards) {
            Election election = new Election(shard);
            elections.add(election);
            election.stand();
        }
    }

    /** Releases every lease held, so the other replicas take over at once rather than after the lease duration. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        elections.forEach(Election::withdraw);
        elections.clear();
        shards.forEach(IngestionShard::stop);
        if (executor != null) {
            retries.shutdownNow();
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One shard's candidacy. A {@link LeaderElector} runs once: after each loss a new one stands. */
    private final class Election {
        private final IngestionShard shard;
        private volatile CompletableFuture<?> candidacy;

        Election(IngestionShard shard) {
            this.shard = shard;
        }

        void stand() {
            if (!running) {
                return;
            }
            LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                    .withName(LEASE_PREFIX + shard.id())
                    .withLock(new LeaseLock(namespace, LEASE_PREFIX + shard.id(), identity))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::follow,
                            leader -> log.info("shard {}: leader is now '{}'", shard.id(), leader)))
                    .build();
            CompletableFuture<?> future = new LeaderElector(client, config, executor).start();
            candidacy = future;
            future.whenComplete((result, failure) -> {
                // Lost (or never won, e.g. the API was unreachable): stop if still leading, and stand again.
                follow();
                if (running && candidacy == future) {
                    try {
                        retries.schedule(this::stand, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        // shutting down
                    }
                }
            });
        }

        private void lead() {
            if (running) {
                log.info("shard {}: '{}' leads; starting its ingestion", shard.id(), identity);
                shard.start();
            }
        }

        private void follow() {
            if (shard.isRunning()) {
                log.info("shard {}: '{}' no longer leads; stopping its ingestion", shard.id(), identity);
                shard.stop();
            }
        }

        void withdraw() {
            CompletableFuture<?> future = candidacy;
            candidacy = null;
            if (future != null) {
                // Stop first, so nothing is published after the lease is released.
                follow();
                future.cancel(true);
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
