package io.coinlens.portfolio.holdings;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.portfolio.config.PortfolioProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** analytics-service's query API: candle history and signals (analytics owns them; we never read its tables). */
@Component
public class AnalyticsClient {

    static final int MAX_LIMIT = 1000;

    private final WebClient web;
    private final Duration timeout;

    AnalyticsClient(WebClient analyticsWebClient, PortfolioProperties properties) {
        this.web = analyticsWebClient;
        this.timeout = properties.analytics().timeout();
    }

    /** Candles opened in [from, to], oldest first; none for a symbol analytics does not know. */
    public Flux<CandleUpdated> candles(String symbol, Interval interval, Instant from, Instant to) {
        return web.get().uri(uri -> uri.path("/api/v1/candles")
                        .queryParam("symbol", symbol)
                        .queryParam("interval", interval.code())
                        .queryParam("startTime", from.toEpochMilli())
                        .queryParam("endTime", to.toEpochMilli())
                        .queryParam("limit", MAX_LIMIT)
                        .build())
                .retrieve()
                .bodyToFlux(CandleUpdated.class)
                .timeout(timeout)
                .onErrorResume(WebClientResponseException.class,
                        e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Flux.empty() : Flux.error(e));
    }

    /** Signals on candles opened since the given time, newest last. */
    public Mono<List<SignalRaised>> signals(String symbol, Instant since) {
        return web.get().uri(uri -> uri.path("/api/v1/signals")
                        .queryParam("symbol", symbol)
                        .queryParam("since", since.toEpochMilli())
                        .queryParam("limit", MAX_LIMIT)
                        .build())
                .retrieve()
                .bodyToFlux(SignalRaised.class)
                .timeout(timeout)
                .collectList();
    }
}
