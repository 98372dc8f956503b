package io.coinlens.sentiment.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of sentiment-service, under {@code coinlens.sentiment}. */
@Validated
@ConfigurationProperties("coinlens.sentiment")
public record SentimentProperties(@DefaultValue Scoring scoring) {

    /** @param neutralBand scores within (-band, band) are labelled neutral */
    public record Scoring(@DefaultValue("0.05") double neutralBand) {
    }
}
