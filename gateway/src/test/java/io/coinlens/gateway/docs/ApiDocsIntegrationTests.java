package io.coinlens.gateway.docs;

import io.coinlens.gateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ApiDocsIntegrationTests extends GatewayTestSupport {

    @Test
    void theSwaggerUiListsEveryServicesDocument() {
        client.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.urls[?(@.name == 'user-service')].url").isEqualTo("/v3/api-docs/user-service")
                .jsonPath("$.urls[?(@.name == 'market-data-service')].url").isEqualTo("/v3/api-docs/market-data-service")
                .jsonPath("$.urls[?(@.name == 'analytics-service')].url").isEqualTo("/v3/api-docs/analytics-service")
                .jsonPath("$.urls[?(@.name == 'sentiment-service')].url").isEqualTo("/v3/api-docs/sentiment-service")
                .jsonPath("$.urls[?(@.name == 'portfolio-service')].url").isEqualTo("/v3/api-docs/portfolio-service")
                .jsonPath("$.urls[?(@.name == 'ml-service')].url").isEqualTo("/v3/api-docs/ml-service");
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void eachServicesDocumentIsProxiedPubliclyAndPointsAtTheGateway() {
        client.get().uri("/v3/api-docs/portfolio-service").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").isEqualTo("3.1.0")
                .jsonPath("$.paths['/api/v1/x']").exists()
                .jsonPath("$.servers[0].url").isEqualTo("/")
                .jsonPath("$.servers.length()").isEqualTo(1);
    }

    @Test
    void aMissingServiceDocumentIsAProblemNotAnError() {
        client.get().uri("/v3/api-docs/ml-service").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        client.get().uri("/v3/api-docs/no-such-service").exchange()
                .expectStatus().isNotFound();
    }
}
