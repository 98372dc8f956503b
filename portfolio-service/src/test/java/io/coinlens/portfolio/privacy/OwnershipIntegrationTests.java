package io.coinlens.portfolio.privacy;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** BOLA: every route that takes an id answers someone else's resource exactly like a missing one, and changes nothing. */
class OwnershipIntegrationTests extends PortfolioIntegrationTestBase {

    @Test
    void anotherUsersResourcesAreNotFoundOnEveryRouteThatTakesAnId() {
        String owner = newUser();
        String intruder = newUser();
        String portfolio = createPortfolio(owner, "Private", "USDT", null, false);
        String tx = recorded(owner, portfolio, "BUY", "BTC", "1", "100", null, "2026-01-01T00:00:00Z");
        String watchlist = (String) ok(call(HttpMethod.POST, "/api/v1/watchlists", owner,
                Map.of("name", "Mine", "symbols", List.of("BTC-USDT"))), 201).get("id");
        String alert = (String) ok(call(HttpMethod.POST, "/api/v1/alerts", owner, Map.of("symbol", "BTC-USDT",
                "direction", "BELOW", "threshold", "1")), 201).get("id");
        String p = "/api/v1/portfolios/" + portfolio;
        Map<String, Object> buy = Map.of("type", "BUY", "asset", "BTC", "quantity", "1", "price", "1",
                "executedAt", "2026-01-02T00:00:00Z");

        List<Attempt> attempts = List.of(
                new Attempt(HttpMethod.GET, p, null),
                new Attempt(HttpMethod.PATCH, p, Map.of("name", "Mine now")),
                new Attempt(HttpMethod.DELETE, p, null),
                new Attempt(HttpMethod.GET, p + "/transactions", null),
                new Attempt(HttpMethod.POST, p + "/transactions", buy),
                new Attempt(HttpMethod.GET, p + "/transactions/" + tx, null),
                new Attempt(HttpMethod.DELETE, p + "/transactions/" + tx, null),
                new Attempt(HttpMethod.GET, p + "/transactions/export", null),
                new Attempt(HttpMethod.GET, p + "/holdings", null),
                new Attempt(HttpMethod.GET, p + "/performance", null),
                new Attempt(HttpMethod.GET, "/api/v1/watchlists/" + watchlist, null),
                new Attempt(HttpMethod.PUT, "/api/v1/watchlists/" + watchlist, Map.of("name", "x", "symbols", List.of())),
                new Attempt(HttpMethod.DELETE, "/api/v1/watchlists/" + watchlist, null),
                new Attempt(HttpMethod.GET, "/api/v1/alerts/" + alert, null),
                new Attempt(HttpMethod.PATCH, "/api/v1/alerts/" + alert, Map.of("enabled", false)),
                new Attempt(HttpMethod.DELETE, "/api/v1/alerts/" + alert, null));
        for (Attempt attempt : attempts) {
            Map<String, Object> foreign = problem(call(attempt.method(), attempt.path(), intruder, attempt.body()), 404);
            // Indistinguishable from an id that does not exist.
            String missing = attempt.path().replace(portfolio, UUID.randomUUID().toString())
                    .replace(watchlist, UUID.randomUUID().toString()).replace(alert, UUID.randomUUID().toString());
            Map<String, Object> absent = problem(call(attempt.method(), missing, intruder, attempt.body()), 404);
            assertThat(foreign.get("title")).as(attempt.toString()).isEqualTo(absent.get("title"));
        }
        problem(web.post().uri(p + "/transactions/import").headers(h -> h.setBearerAuth(token(intruder)))
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("executedAt,type,asset,quantity,price\n2026-01-02T00:00:00Z,BUY,BTC,1,1\n").exchange(), 404);

        // Nothing changed for the owner.
        assertThat(ok(call(HttpMethod.GET, p, owner, null), 200)).containsEntry("name", "Private");
        assertThat(ledger(owner, portfolio)).extracting(t -> t.get("id")).containsExactly(tx);
        assertThat(ok(call(HttpMethod.GET, "/api/v1/watchlists/" + watchlist, owner, null), 200))
                .containsEntry("name", "Mine");
        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + alert, owner, null), 200)).containsEntry("symbol", "BTC-USDT")
                .containsEntry("enabled", true);
        @SuppressWarnings("unchecked")
        List<Object> intrudersOwn = JSON.readValue(call(HttpMethod.GET, "/api/v1/portfolios?includeArchived=true",
                intruder, null).expectBody(String.class).returnResult().getResponseBody(), List.class);
        assertThat(intrudersOwn).isEmpty();
    }

    @Test
    void aMalformedIdIsABadRequestNotAServerError() {
        problem(call(HttpMethod.GET, "/api/v1/portfolios/not-a-uuid", newUser(), null), 400);
        problem(call(HttpMethod.GET, "/api/v1/watchlists/42", newUser(), null), 400);
    }

    record Attempt(HttpMethod method, String path, Object body) {
    }
}
