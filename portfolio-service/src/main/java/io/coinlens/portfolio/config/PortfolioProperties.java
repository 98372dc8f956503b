package io.coinlens.portfolio.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Settings of portfolio-service, under {@code coinlens.portfolio}. */
@Validated
@ConfigurationProperties("coinlens.portfolio")
public record PortfolioProperties(
        @DefaultValue @Valid Prices prices,
        @DefaultValue @Valid Assets assets,
        @DefaultValue @Valid Analytics analytics,
        @DefaultValue @Valid Limits limits,
        @DefaultValue @Valid Alerts alerts) {

    /**
     * @param refreshInterval how often a portfolio with drawdown alerts is valued even if no trade moved its prices
     * @param maxPerUser alerts a user may have
     * @param outboxPollInterval how often stored AlertTriggered events are relayed to Kafka
     * @param sendTimeout how long one relay send may take before the relay pauses
     * @param drawdownInterval how often portfolios with drawdown alerts whose prices moved are valued (at most once
     *        per interval each)
     * @param changesInterval how often each instance reads the alerts changed since its last read (other instances'
     *        changes; its own apply at once)
     * @param fullReloadInterval how often each instance reads every alert anyway, as a safety net
     */
    public record Alerts(
            @DefaultValue("5s") @NotNull Duration refreshInterval,
            @DefaultValue("200") @Min(1) int maxPerUser,
            @DefaultValue("500ms") @NotNull Duration outboxPollInterval,
            @DefaultValue("10s") @NotNull Duration sendTimeout,
            @DefaultValue("1s") @NotNull Duration drawdownInterval,
            @DefaultValue("1s") @NotNull Duration changesInterval,
            @DefaultValue("10m") @NotNull Duration fullReloadInterval) {
    }

    /** @param staleAfter a price older than this is shown, flagged as stale */
    public record Prices(@DefaultValue("60s") @NotNull Duration staleAfter) {
    }

    /**
     * Decimal places per asset (quantities) and per quote currency (money): {@code scales} adds to or overrides
     * {@link #KNOWN_SCALES}; any other asset gets {@code defaultScale}.
     */
    public record Assets(
            @DefaultValue("8") @Min(0) @Max(18) int defaultScale,
            Map<String, Integer> scales) {

        public static final Map<String, Integer> KNOWN_SCALES = Map.of("USD", 2, "EUR", 2, "GBP", 2, "USDT", 8,
                "USDC", 8, "BTC", 8, "ETH", 18, "SOL", 9, "BNB", 8);

        public int scale(String asset) {
            Integer scale = scales == null ? null : scales.get(asset);
            if (scale == null) {
                scale = KNOWN_SCALES.get(asset);
            }
            return scale == null ? defaultScale : scale;
        }
    }

    /**
     * analytics-service's query API, for candle history and signals.
     *
     * @param signalsLookback how far back the watchlist looks for signals
     */
    public record Analytics(
            @DefaultValue("http://localhost:8083") @NotNull URI baseUrl,
            @DefaultValue("3s") @NotNull Duration timeout,
            @DefaultValue("24h") @NotNull Duration signalsLookback) {
    }

    /**
     * @param maxImportRows a CSV import with more rows is refused before anything is stored
     * @param maxPerUser portfolios and watchlists a user may have
     * @param maxSymbolsPerWatchlist symbols per watchlist
     */
    public record Limits(
            @DefaultValue("5000") @Min(1) int maxImportRows,
            @DefaultValue("100") @Min(1) int maxPerUser,
            @DefaultValue("100") @Min(1) int maxSymbolsPerWatchlist,
            @DefaultValue("1MB") @NotNull org.springframework.util.unit.DataSize maxRequestBody) {
    }
}
