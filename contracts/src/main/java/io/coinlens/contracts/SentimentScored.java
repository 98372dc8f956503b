package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Set;

/**
 * The sentiment of one article about one coin. Topic {@code sentiment.scores.v1}, key {@code coin}.
 *
 * @param score from -1 (most negative) to 1 (most positive)
 * @param label {@code positive}, {@code neutral} or {@code negative}
 * @param model the scorer and its version, e.g. {@code vader-3.3.2}
 */
public record SentimentScored(
        String articleId,
        String source,
        String url,
        @JsonProperty(required = true) long publishedAt,
        String coin,
        @JsonProperty(required = true) double score,
        String label,
        String model) implements CoinlensEvent {

    public static final Set<String> LABELS = Set.of("positive", "neutral", "negative");

    @Override
    public String key() {
        return coin;
    }

    @Override
    public List<String> violations() {
        return new Violations()
                .notBlank("articleId", articleId)
                .notBlank("source", source)
                .epochMillis("publishedAt", publishedAt)
                .coin("coin", coin)
                .between("score", score, -1.0, 1.0)
                .oneOf("label", label, LABELS)
                .notBlank("model", model)
                .list();
    }
}
