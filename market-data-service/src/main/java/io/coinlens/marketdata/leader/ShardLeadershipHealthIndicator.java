package io.coinlens.marketdata.leader;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Which shards this replica ingests. Always UP: a replica that leads nothing still serves the stream API, so
 * readiness must not depend on leading; the detail is for people and dashboards.
 */
public class ShardLeadershipHealthIndicator implements HealthIndicator {

    private final ShardLeadership leadership;

    public ShardLeadershipHealthIndicator(ShardLeadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("mode", leadership.isElected() ? "lease" : "local")
                .withDetail("identity", leadership.identity())
                .withDetail("leading", leadership.leading())
                .withDetail("shards", leadership.shardsRunningHere())
                .build();
    }
}
