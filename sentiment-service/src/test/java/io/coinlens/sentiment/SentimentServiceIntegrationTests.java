package io.coinlens.sentiment;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class SentimentServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "sentiment";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }
}
