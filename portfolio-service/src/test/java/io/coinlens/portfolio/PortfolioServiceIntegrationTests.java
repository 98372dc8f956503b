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

    @Override
    protected List<String> documentedPaths() {
        return List.of(
                "/api/v1/portfolios",
                "/api/v1/portfolios/{id}",
                "/api/v1/portfolios/{portfolioId}/transactions",
                "/api/v1/portfolios/{portfolioId}/transactions/{transactionId}",
                "/api/v1/portfolios/{portfolioId}/transactions/import",
                "/api/v1/portfolios/{portfolioId}/transactions/export",
                "/api/v1/portfolios/{portfolioId}/holdings",
                "/api/v1/portfolios/{portfolioId}/performance",
                "/api/v1/watchlists",
                "/api/v1/watchlists/{id}",
                "/api/v1/alerts",
                "/api/v1/alerts/{id}",
                "/api/v1/alerts/history",
                "/api/v1/alerts/history/{eventId}/acknowledge",
                "/api/v1/webhooks",
                "/api/v1/webhooks/{id}",
                "/api/v1/webhooks/{id}/deliveries",
                "/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
                "/api/v1/exchange-keys",
                "/api/v1/exchange-keys/{id}",
                "/api/v1/exchange-keys/{id}/import");
    }
}
