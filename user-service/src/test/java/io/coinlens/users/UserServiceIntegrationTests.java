package io.coinlens.users;

import io.coinlens.testing.ServiceBaselineTests;
import org.springframework.test.context.ActiveProfiles;

import java.util.List;

@ActiveProfiles("test")
class UserServiceIntegrationTests extends ServiceBaselineTests {

    @Override
    protected String ownedSchema() {
        return "users";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }

    @Override
    protected List<String> documentedPaths() {
        return List.of(
                "/api/v1/auth/register",
                "/api/v1/auth/login",
                "/api/v1/auth/refresh",
                "/api/v1/auth/logout",
                "/api/v1/auth/logout-all",
                "/api/v1/auth/signing-keys/rotate",
                "/api/v1/users/me",
                "/api/v1/users/me/password",
                "/api/v1/users/me/preferences",
                "/.well-known/jwks.json");
    }
}
