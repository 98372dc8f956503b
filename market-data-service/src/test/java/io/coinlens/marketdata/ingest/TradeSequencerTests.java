package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.TradeRecorded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gaps are filled from the exchange's history on the sequencer's own threads while the connection keeps delivering;
 * every trade goes out once, in id order, and what cannot be had is counted lost.
 */
class TradeSequencerTests {

    static final String SYMBOL = "BTC-USDT";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IngestionMetrics metrics = new IngestionMetrics(registry);
    final List<Long> published = new CopyOnWriteArrayList<>();
    /** What happened, in order: trades accepted by the caller and pages answered by the exchange. */
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Thread> fetchThreads = new CopyOnWriteArrayList<>();
    final CountDownLatch exchangeAnswers = new CountDownLatch(1);
    TradeSequencer sequencer;

    @AfterEach
    void close() {
        sequencer.close();
    }

    /** The exchange's history from {@code oldest} on, answering once the test lets it. */
    TradeSequencer.GapFiller history(long oldest) {
        return (symbol, fromId, limit) -> {
            fetchThreads.add(Thread.currentThread());
            try {
                exchangeAnswers.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long from = Math.max(fromId, oldest);
            events.add("page from " + from);
            return LongStream.range(from, from + limit).mapToObj(TradeSequencerTests::trade).toList();
        };
    }

    TradeSequencer sequencer(TradeSequencer.GapFiller filler, int maxBuffered) {
        sequencer = new TradeSequencer("binance", filler, trade -> published.add(trade.tradeId()), metrics,
                symbol -> OptionalLong.empty(), 100_000, maxBuffered);
        return sequencer;
    }

    void accept(long id) {
        sequencer.accept(trade(id));
        events.add("accepted " + id);
    }

    @Test
    void liveTradesKeepBeingTakenWhileAGapIsFetchedAndFollowItInOrder() {
        sequencer(history(1), 1000);
        accept(1);
        accept(5);
        accept(6);
        accept(7);
        assertThat(published).as("nothing after the gap before it is filled").containsExactly(1L);

        exchangeAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 7);
        assertThat(published).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events).as("the caller did not wait for the exchange")
                .containsSubsequence("accepted 7", "page from 2");
        assertThat(fetchThreads).doesNotContain(Thread.currentThread());
        assertThat(counter("coinlens.ingest.gaps")).isEqualTo(1);
        assertThat(counter("coinlens.ingest.backfilled")).isEqualTo(3);
        assertThat(sequencer.heldBack()).isZero();

        accept(8);
        assertThat(published).last().isEqualTo(8L);
    }

    @Test
    void aLiveTradeThatFillsTheGapFirstIsPassedOnOnceAndTheBackfillsCopyIsDropped() {
        sequencer(history(1), 1000);
        accept(1);
        accept(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fetchThreads.isEmpty());
        accept(2);
        assertThat(published).containsExactly(1L, 2L, 3L);

        exchangeAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("page from 2"));
        sequencer.close();
        accept(4);
        assertThat(published).containsExactly(1L, 2L, 3L, 4L);
        assertThat(counter("coinlens.ingest.duplicates")).isZero();
    }

    @Test
    void whenTheBufferIsFullTheMissingTradesAreGivenUpCountedAndTheLiveOnesGoOn() {
        sequencer(history(1), 2);
        accept(1);
        accept(10);
        accept(11);
        assertThat(sequencer.heldBack()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fetchThreads.isEmpty());
        accept(12);

        assertThat(published).containsExactly(1L, 10L, 11L, 12L);
        assertThat(counter("coinlens.ingest.lost")).isEqualTo(8);
        assertThat(sequencer.heldBack()).isZero();

        exchangeAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("page from 2"));
        sequencer.close();
        accept(13);
        assertThat(published).as("the late page passes nothing on twice").containsExactly(1L, 10L, 11L, 12L, 13L);
    }

    @Test
    void tradesTheExchangeNoLongerHasAreCountedLostNotSkippedSilently() {
        sequencer(history(6), 1000);
        exchangeAnswers.countDown();
        accept(1);
        accept(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 6);

        assertThat(published).containsExactly(1L, 6L, 7L, 8L, 9L, 10L);
        assertThat(counter("coinlens.ingest.lost")).isEqualTo(4);
    }

    @Test
    void aPageThatFailsIsAskedForAgain() {
        AtomicInteger calls = new AtomicInteger();
        exchangeAnswers.countDown();
        TradeSequencer.GapFiller history = history(1);
        sequencer((symbol, fromId, limit) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("HTTP 503");
            }
            return history.fetch(symbol, fromId, limit);
        }, 1000);
        accept(1);
        accept(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 4);

        assertThat(published).containsExactly(1L, 2L, 3L, 4L);
        assertThat(calls).hasValue(2);
        assertThat(counter("coinlens.ingest.lost")).isZero();
    }

    @Test
    void aForgottenSymbolsBackfillPassesNothingOn() {
        sequencer(history(1), 1000);
        accept(1);
        accept(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fetchThreads.isEmpty());
        sequencer.forget(List.of(SYMBOL));
        exchangeAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("page from 2"));
        sequencer.close();

        assertThat(published).containsExactly(1L);
        assertThat(sequencer.heldBack()).isZero();
        assertThat(counter("coinlens.ingest.lost")).isZero();
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static TradeRecorded trade(long id) {
        return new TradeRecorded("binance", SYMBOL, id, new BigDecimal("64000.10"), BigDecimal.ONE, false,
                1_717_000_000_000L + id, 1_717_000_000_100L + id);
    }
}
