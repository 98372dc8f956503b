package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.InvalidEventException;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TradeListenerTests {

    private static final EventCodec CODEC = new EventCodec();

    /** What the stub evaluator saw and did, in order: "decide A 101", "done A 101". */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aPoisonTradeIsReportedByItsIndexAfterTheTradesBeforeItWereEvaluatedOnce() {
        TradeListener listener = listener(Map.of("101", t -> work(t, Duration.ofMillis(50), 1L)));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onTrades(List.of(trade(0, "A", "101"), trade(1, "B", "50"), poison(2, "A"),
                        trade(3, "A", "102"))));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure.getCause()).isInstanceOf(InvalidEventException.class);
        assertThat(failure.getCause().getMessage()).startsWith("TradeRecorded: ");
        // The trades before the poison were decided and their database work finished before the error handler commits
        // them; the trade after it was not looked at (it is redelivered).
        assertThat(log).containsExactly("decide A 101", "decide B 50", "done A 101");
    }

    @Test
    void aSymbolsLaterTradesAreDecidedAfterItsWorkWhileOtherSymbolsGoOn() {
        TradeListener listener = listener(Map.of("101", t -> work(t, Duration.ofMillis(100), 1L)));

        listener.onTrades(List.of(trade(0, "A", "101"), trade(1, "A", "94"), trade(2, "B", "50"),
                trade(3, "A", "103")));

        assertThat(log).containsExactly("decide A 101", "decide B 50", "done A 101", "decide A 94", "decide A 103");
    }

    @Test
    void failedWorkIsReportedByTheEarliestTradeWhoseWorkFailed() {
        TradeListener listener = listener(Map.of(
                "101", t -> work(t, Duration.ofMillis(20), 1L),
                "7", t -> Mono.error(new IllegalStateException("database down"))));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onTrades(List.of(trade(0, "B", "50"), trade(1, "A", "101"), trade(2, "C", "7"),
                        trade(3, "A", "7"), trade(4, "D", "101"))));

        // A's second trade (index 3) and C's (index 2) both failed: the trades from index 2 on are redelivered.
        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure.getCause()).hasMessage("database down");
        assertThat(log).contains("done A 101", "done D 101");
    }

    @Test
    void aPollOfTradesThatChangeNothingReturnsWithoutDatabaseWork() {
        TradeListener listener = listener(Map.of());

        listener.onTrades(List.of(trade(0, "A", "1"), trade(1, "B", "2")));

        assertThat(log).containsExactly("decide A 1", "decide B 2");
    }

    /** An evaluator that does, for a trade at a listed price, the given work; nothing for other prices. */
    private TradeListener listener(Map<String, Function<TradeRecorded, Mono<Long>>> byPrice) {
        AlertEvaluator evaluator = new AlertEvaluator(null, null, null, null, null) {
            @Override
            Optional<Mono<Long>> onTrade(TradeRecorded trade) {
                log.add("decide " + trade.symbol().substring(0, 1) + " " + trade.price().toPlainString());
                return Optional.ofNullable(byPrice.get(trade.price().toPlainString())).map(f -> f.apply(trade));
            }
        };
        return new TradeListener(CODEC, evaluator);
    }

    private Mono<Long> work(TradeRecorded trade, Duration takes, long fired) {
        return Mono.delay(takes).doOnNext(n -> log.add("done " + trade.symbol().substring(0, 1) + " "
                + trade.price().toPlainString())).thenReturn(fired);
    }

    private static ConsumerRecord<String, byte[]> trade(long offset, String symbol, String price) {
        TradeRecorded trade = new TradeRecorded("binance", symbol + "X-USDT", offset + 1, new BigDecimal(price),
                BigDecimal.ONE, false, 1_767_225_600_000L + offset, 1_767_225_600_000L + offset);
        return new ConsumerRecord<>("market.trades.v1", 0, offset, trade.key(), CODEC.encode(trade));
    }

    private static ConsumerRecord<String, byte[]> poison(long offset, String symbol) {
        return new ConsumerRecord<>("market.trades.v1", 0, offset, "binance:" + symbol + "X-USDT",
                ("{\"exchange\":\"binance\",\"symbol\":\"" + symbol + "X-USDT\",\"price\":\"-1\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
