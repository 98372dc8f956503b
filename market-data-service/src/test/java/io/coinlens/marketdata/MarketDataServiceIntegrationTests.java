package io.coinlens.marketdata;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class MarketDataServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return null;
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis");
    }
}
