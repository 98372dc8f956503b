package io.coinlens.marketdata.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinlens.contracts.Topic;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamNameTests {

    private static final Set<String> SYMBOLS = Set.of("BTC-USDT", "ETH-USDT");

    @Test
    void aCorrelationStreamNamesTwoKnownSymbolsAndAnInterval() {
        assertThat(StreamName.parse("btc-usdt@correlation_eth-usdt_1h", SYMBOLS))
                .contains(new StreamName("btc-usdt@correlation_eth-usdt_1h", false));
        assertThat(StreamName.parse("btc-usdt@correlation_sol-usdt_1h", SYMBOLS)).as("unknown other").isEmpty();
        assertThat(StreamName.parse("btc-usdt@correlation_btc-usdt_1h", SYMBOLS)).as("itself").isEmpty();
        assertThat(StreamName.parse("btc-usdt@correlation_eth-usdt_2m", SYMBOLS)).as("unknown interval").isEmpty();
        assertThat(StreamName.parse("btc-usdt@correlation_eth-usdt", SYMBOLS)).as("no interval").isEmpty();
    }

    @Test
    void theOtherStreamsStillParse() {
        assertThat(StreamName.parse("btc-usdt@kline_1m", SYMBOLS)).contains(new StreamName("btc-usdt@kline_1m", true));
        assertThat(StreamName.parse("eth-usdt@indicators_4h", SYMBOLS)).isPresent();
        assertThat(StreamName.parse("eth-usdt@indicators_2m", SYMBOLS)).isEmpty();
        assertThat(StreamName.parse("btc-usdt@trade", SYMBOLS)).isPresent();
        assertThat(StreamName.parse("btc-usdt@signals", SYMBOLS)).isPresent();
    }

    @Test
    void aCorrelationEventGoesToThePairsStream() {
        assertThat(StreamFeed.streamOf(Topic.CORRELATIONS.topicName(), "BTC-USDT:ETH-USDT:1h"))
                .isEqualTo("btc-usdt@correlation_eth-usdt_1h");
        assertThat(StreamFeed.streamOf(Topic.CORRELATIONS.topicName(), "BTC-USDT")).isNull();
        assertThat(StreamFeed.streamOf(Topic.INDICATORS.topicName(), "BTC-USDT:1h")).isEqualTo("btc-usdt@indicators_1h");
    }
}
