package io.coinlens.portfolio.portfolio;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.testing.AccessTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PortfolioIntegrationTests extends PortfolioIntegrationTestBase {

    @Test
    void aUserCreatesRenamesArchivesRestoresAndDeletesAPortfolio() {
        String user = newUser();
        String id = createPortfolio(user, "Long term", "USDT", "AVERAGE", false);
        Map<String, Object> created = ok(call(HttpMethod.GET, "/api/v1/portfolios/" + id, user, null), 200);
        assertThat(created).containsEntry("name", "Long term").containsEntry("quoteCurrency", "USDT")
                .containsEntry("costBasisMethod", "AVERAGE").containsEntry("archived", false)
                .doesNotContainKey("userId");

        ok(call(HttpMethod.PATCH, "/api/v1/portfolios/" + id, user, Map.of("name", "HODL")), 200);
        ok(call(HttpMethod.PATCH, "/api/v1/portfolios/" + id, user, Map.of("archived", true)), 200);
        assertThat(names(user, false)).isEmpty();
        assertThat(names(user, true)).containsExactly("HODL");
        ok(call(HttpMethod.PATCH, "/api/v1/portfolios/" + id, user, Map.of("archived", false)), 200);
        assertThat(names(user, false)).containsExactly("HODL");

        call(HttpMethod.DELETE, "/api/v1/portfolios/" + id, user, null).expectStatus().isNoContent();
        problem(call(HttpMethod.GET, "/api/v1/portfolios/" + id, user, null), 404);
        assertThat(names(user, true)).isEmpty();
    }

    @Test
    void theDefaultCostBasisIsFifoAndListsShowOnlyTheCallersPortfolios() {
        String alice = newUser();
        String bob = newUser();
        createPortfolio(alice, "Alice's", "USD", null, false);
        createPortfolio(bob, "Bob's", "EUR", null, true);
        assertThat(names(alice, true)).containsExactly("Alice's");
        List<Map<String, Object>> bobs = list(bob, true);
        assertThat(bobs).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("costBasisMethod", "FIFO").containsEntry("allowShort", true));
    }

    @Test
    void invalidPortfoliosAreRefusedNamingEachField() {
        Map<String, Object> problem = problem(call(HttpMethod.POST, "/api/v1/portfolios", newUser(),
                Map.of("name", " ", "quoteCurrency", "usd dollars")), 400);
        assertThat(fields(problem)).containsExactlyInAnyOrder("name", "quoteCurrency");
        problem(call(HttpMethod.POST, "/api/v1/portfolios", newUser(),
                Map.of("name", "x", "quoteCurrency", "USD", "costBasisMethod", "LIFO")), 400);
    }

    @Test
    void everyRouteNeedsAValidAccessToken() {
        String user = newUser();
        String id = createPortfolio(user);
        for (String path : new String[] {"/api/v1/portfolios", "/api/v1/portfolios/" + id,
                "/api/v1/portfolios/" + id + "/transactions", "/api/v1/portfolios/" + id + "/holdings",
                "/api/v1/watchlists"}) {
            web.get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problem(web.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer "
                    + AccessTokens.forUser(user).expiresAt(Instant.now().minusSeconds(600)).build()).exchange(), 401);
            problem(web.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer "
                    + AccessTokens.forUser(user).signedBy(AccessTokens.STRANGER).build()).exchange(), 401);
            problem(web.get().uri(path).header("X-User-Id", user).exchange(), 401);
        }
    }

    private List<String> names(String user, boolean includeArchived) {
        return list(user, includeArchived).stream().map(p -> (String) p.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String user, boolean includeArchived) {
        String raw = call(HttpMethod.GET, "/api/v1/portfolios?includeArchived=" + includeArchived, user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readValue(raw, List.class);
    }
}
