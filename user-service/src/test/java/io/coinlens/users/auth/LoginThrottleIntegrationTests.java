package io.coinlens.users.auth;

import io.coinlens.users.support.Api;
import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.coinlens.users.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The test profile throttles after 3 failures per account and 6 per address, backing off from 1 s up to 2 s. */
class LoginThrottleIntegrationTests extends UserServiceTestBase {

    @Test
    void throttlesAnAccountAfterRepeatedFailuresButOnlyForAWhile() throws InterruptedException {
        Account victim = api.register();
        for (int attempt = 1; attempt <= 3; attempt++) {
            // Each from a different address: the per-account limit must hold however the attacker spreads out.
            new Api(clientFrom(nextAddress())).attemptLogin(victim.email(), "wrong guess " + attempt).expectStatus().isUnauthorized();
        }

        WebTestClient.ResponseSpec throttled = api.attemptLogin(victim.email(), victim.password());
        long retryAfter = retryAfterSeconds(throttled);
        Map<String, Object> problem = assertProblem(api.attemptLogin(victim.email(), victim.password()), 429);
        assertThat(problem).containsKey("retryAfterSeconds");
        assertThat(retryAfter).isBetween(1L, 2L);

        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis() + 100);
        api.attemptLogin(victim.email(), victim.password()).expectStatus().isOk();
        // Success clears the account's record: one more wrong guess does not lock it again.
        new Api(clientFrom(nextAddress())).attemptLogin(victim.email(), "wrong again").expectStatus().isUnauthorized();
        api.attemptLogin(victim.email(), victim.password()).expectStatus().isOk();
    }

    @Test
    void theLockoutGrowsButIsCapped() throws InterruptedException {
        Account victim = api.register();
        List<Long> lockouts = new ArrayList<>();
        int failures = 0;
        while (failures < 6) {
            EntityExchangeResult<String> result = new Api(clientFrom(nextAddress()))
                    .attemptLogin(victim.email(), "guess " + failures).expectBody(String.class).returnResult();
            if (result.getStatus().value() == 429) {
                long wait = Long.parseLong(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
                lockouts.add(wait);
                Thread.sleep(Duration.ofSeconds(wait).toMillis() + 100);
            } else {
                assertThat(result.getStatus().value()).isEqualTo(401);
                failures++;
            }
        }
        // Locked after the 3rd, 4th and 5th failures: 1 s, then 2 s, then still 2 s (the test profile's cap).
        assertThat(lockouts).containsExactly(1L, 2L, 2L);
    }

    @Test
    void throttlesAnAddressThatTriesManyAccounts() {
        Account bystander = api.register();
        Api attacker = new Api(clientFrom(nextAddress()));
        for (int attempt = 1; attempt <= 6; attempt++) {
            attacker.attemptLogin(Api.newEmail(), "spray " + attempt).expectStatus().isUnauthorized();
        }

        assertProblem(attacker.attemptLogin(bystander.email(), bystander.password()), 429);
        retryAfterSeconds(attacker.attemptLogin(Api.newEmail(), "spray again"));
        // Others are unaffected.
        api.attemptLogin(bystander.email(), bystander.password()).expectStatus().isOk();
    }

    private static long retryAfterSeconds(WebTestClient.ResponseSpec response) {
        String value = response.expectStatus().isEqualTo(429)
                .expectBody(String.class).returnResult().getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(value).isNotNull().matches("\\d+");
        return Long.parseLong(value);
    }
}
