package io.coinlens.users;

import io.coinlens.testing.ServiceBaselineTests;

import java.util.List;

class UserServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "users";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }
}
