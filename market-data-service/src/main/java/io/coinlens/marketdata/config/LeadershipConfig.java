package io.coinlens.marketdata.config;

import io.coinlens.marketdata.ingest.IngestionShard;
import io.coinlens.marketdata.ingest.IngestionShards;
import io.coinlens.marketdata.leader.ShardLeadership;
import io.coinlens.marketdata.leader.ShardLeadershipHealthIndicator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Who runs which ingestion shard: this replica all of them, or, with leader election on, those whose lease it holds. */
@Configuration(proxyBeanMethods = false)
class LeadershipConfig {

    /** From the pod's service account, or a kubeconfig when run outside the cluster. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "coinlens.market-data.leader-election.enabled")
    KubernetesClient kubernetesClient(MarketDataProperties properties) {
        return new KubernetesClientBuilder()
                .withConfig(ShardLeadership.electionConfig(Config.autoConfigure(null), properties.leaderElection()))
                .build();
    }

    @Bean
    ShardLeadership shardLeadership(MarketDataProperties properties, ObjectProvider<IngestionShards> ingesters,
            ObjectProvider<KubernetesClient> kubernetes) {
        List<IngestionShard> shards = new ArrayList<>();
        ingesters.orderedStream().forEach(ingester -> shards.addAll(ingester.shards()));
        MarketDataProperties.LeaderElection election = properties.leaderElection();
        if (!election.enabled()) {
            return ShardLeadership.local(shards);
        }
        return ShardLeadership.elected(shards, kubernetes.getObject(), election, identity(election));
    }

    @Bean
    ShardLeadershipHealthIndicator ingestionHealthIndicator(ShardLeadership leadership) {
        return new ShardLeadershipHealthIndicator(leadership);
    }

    /** The pod name: Kubernetes sets HOSTNAME to it. */
    static String identity(MarketDataProperties.LeaderElection election) {
        if (!election.identity().isBlank()) {
            return election.identity();
        }
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no leader-election identity: set HOSTNAME or "
                    + "coinlens.market-data.leader-election.identity", e);
        }
    }
}
