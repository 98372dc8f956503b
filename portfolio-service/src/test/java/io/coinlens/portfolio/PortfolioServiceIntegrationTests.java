package io.coinlens.portfolio;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class PortfolioServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "portfolio";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }
}
