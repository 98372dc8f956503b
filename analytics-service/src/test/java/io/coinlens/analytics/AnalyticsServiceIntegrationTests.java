package io.coinlens.analytics;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class AnalyticsServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "analytics";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }
}
