package io.coinlens.ml;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class MlServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "ml";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }
}
