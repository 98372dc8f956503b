package io.coinlens.portfolio.support;

import io.coinlens.testing.AccessTokens;
import io.coinlens.testing.EmbeddedInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real PostgreSQL, Redis and Kafka; requests carry tokens minted for made-up users. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedInfrastructure
public abstract class PortfolioIntegrationTestBase {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected WebTestClient web;

    /** The default of 5 s is too short on a shared two-core machine, e.g. for a first call to the exchange. */
    @org.junit.jupiter.api.BeforeEach
    void patientClient() {
        web = web.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    protected static String newUser() {
        return UUID.randomUUID().toString();
    }

    protected static String token(String user) {
        return AccessTokens.forUser(user).build();
    }

    protected WebTestClient.ResponseSpec call(HttpMethod method, String path, String user, Object body) {
        WebTestClient.RequestBodySpec request = web.method(method).uri(path)
                .headers(h -> h.setBearerAuth(token(user)));
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected Map<String, Object> ok(WebTestClient.ResponseSpec response, int status) {
        String raw = response.expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = raw == null ? Map.of() : JSON.readValue(raw, Map.class);
        return body;
    }

    /** A problem+json body with this status and no internals. */
    protected Map<String, Object> problem(WebTestClient.ResponseSpec response, int status) {
        String raw = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).doesNotContainIgnoringCase("exception").doesNotContain("org.springframework")
                .doesNotContain("\tat ");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(raw, Map.class);
        assertThat(body).containsEntry("status", status).containsKey("title");
        return body;
    }

    @SuppressWarnings("unchecked")
    protected static List<String> fields(Map<String, Object> problem) {
        return ((List<Map<String, Object>>) problem.get("errors")).stream().map(e -> (String) e.get("field")).toList();
    }

    protected String createPortfolio(String user, String name, String quote, String method, boolean allowShort) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "quoteCurrency", quote, "allowShort", allowShort));
        if (method != null) {
            body.put("costBasisMethod", method);
        }
        return (String) ok(call(HttpMethod.POST, "/api/v1/portfolios", user, body), 201).get("id");
    }

    protected String createPortfolio(String user) {
        return createPortfolio(user, "Main", "USDT", null, false);
    }

    protected WebTestClient.ResponseSpec record(String user, String portfolioId, Map<String, Object> tx) {
        return call(HttpMethod.POST, "/api/v1/portfolios/" + portfolioId + "/transactions", user, tx);
    }

    protected String recorded(String user, String portfolioId, String type, String asset, String quantity,
            String price, String fee, String executedAt) {
        Map<String, Object> tx = new HashMap<>();
        tx.put("type", type);
        tx.put("asset", asset);
        tx.put("quantity", quantity);
        if (price != null) {
            tx.put("price", price);
        }
        if (fee != null) {
            tx.put("fee", fee);
        }
        tx.put("executedAt", executedAt);
        return (String) ok(record(user, portfolioId, tx), 201).get("id");
    }

    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> ledger(String user, String portfolioId) {
        return (List<Map<String, Object>>) ok(call(HttpMethod.GET, "/api/v1/portfolios/" + portfolioId
                + "/transactions?limit=500", user, null), 200).get("items");
    }
}
