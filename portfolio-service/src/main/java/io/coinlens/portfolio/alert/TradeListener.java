package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates alerts on {@code market.trades.v1}, a poll at a time. Its own consumer group, starting from the latest
 * trades by default: an alert is about prices from now on.
 *
 * <p>Each trade is decoded and looked up in the in-memory book on the consumer thread; most change nothing and are
 * done. A trade that fires or re-arms something starts its symbol's database work, and the later trades of that
 * symbol in the poll wait for it (the book they are decided on must include it), while other symbols go on. The
 * listener returns when every symbol's work has finished, so the offsets committed are of trades fully evaluated.
 *
 * <p>A trade that breaks its contract, or whose work failed, is reported with its index in a
 * {@link BatchListenerFailedException}: service-starter's error handler then commits the trades before it (evaluated
 * once), dead-letters it at once if it is invalid (otherwise after two retries) and redelivers the rest. A trade after
 * the failed one that was already evaluated (another symbol's) is evaluated again on redelivery, which is harmless:
 * the book already shows the change, and the conditional disarm in the database refuses a second firing.
 */
@Component
class TradeListener {

    /** Symbols whose database work runs at the same time; more would only queue for connections. */
    private static final int SYMBOLS_IN_FLIGHT = 8;

    private final EventCodec codec;
    private final AlertEvaluator evaluator;

    TradeListener(EventCodec codec, AlertEvaluator evaluator) {
        this.codec = codec;
        this.evaluator = evaluator;
    }

    // One consumer per partition of market.trades.v1 and 2,000 trades a poll (Kafka's default is 500): of 50,000
    // trades/s, 1 consumer with 500 evaluated 8.9k/s, with 2,000 17.2k/s, 6 with 2,000 16-25k/s; a backlog drained at
    // 34k/s with 3, 18-21k/s with 1 (BENCHMARKS.md). Safe to run concurrently: see AlertBook (lock-free reads, locked
    // changes) and the conditional disarm in the database.
    @KafkaListener(id = "portfolio-alerts", groupId = "portfolio-alerts", topics = "market.trades.v1",
            containerFactory = TradeListenerConfig.CONTAINER_FACTORY,
            concurrency = "${coinlens.portfolio.alerts.trade-consumers:6}",
            properties = {"auto.offset.reset=${coinlens.portfolio.alerts.trades-offset-reset:latest}",
                    "max.poll.records=${coinlens.portfolio.alerts.trade-poll-records:2000}"})
    void onTrades(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, SymbolWork> busy = new LinkedHashMap<>();
        Failed failed = null;
        for (int i = 0; i < records.size(); i++) {
            TradeRecorded trade;
            Optional<Mono<Long>> work;
            try {
                trade = codec.decode(records.get(i).value(), TradeRecorded.class).orElseThrow();
                SymbolWork waiting = busy.get(trade.symbol());
                if (waiting != null) {
                    waiting.later(i, trade);
                    continue;
                }
                work = evaluator.onTrade(trade);
            } catch (RuntimeException e) {
                failed = new Failed(i, e);
                break;
            }
            if (work.isPresent()) {
                busy.put(trade.symbol(), new SymbolWork(i, work.get()));
            }
        }
        if (!busy.isEmpty()) {
            Failed first = Flux.fromIterable(busy.values())
                    .flatMap(SymbolWork::run, SYMBOLS_IN_FLIGHT)
                    .collectList()
                    .map(all -> all.stream().min(Comparator.comparingInt(Failed::index)))
                    .block()
                    .orElse(null);
            if (first != null && (failed == null || first.index() < failed.index())) {
                failed = first;
            }
        }
        if (failed != null) {
            Throwable cause = failed.cause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new BatchListenerFailedException(reason, cause, failed.index());
        }
    }

    /** The trade at this index of the poll could not be evaluated. */
    private record Failed(int index, Throwable cause) {
    }

    /** A trade of a busy symbol, decided after the work before it. */
    private record Pending(int index, TradeRecorded trade) {
    }

    /** Carries the index of the trade whose work failed out of a symbol's chain. */
    private static final class WorkFailed extends RuntimeException {

        private final transient Failed failed;

        WorkFailed(int index, Throwable cause) {
            super(null, null, false, false);
            this.failed = new Failed(index, cause);
        }
    }

    /** One symbol's work in this poll: the first trade that changed something, then its later trades, in order. */
    private final class SymbolWork {

        private final int firstIndex;
        private final Mono<Long> first;
        private final List<Pending> later = new ArrayList<>();

        SymbolWork(int firstIndex, Mono<Long> first) {
            this.firstIndex = firstIndex;
            this.first = first;
        }

        void later(int index, TradeRecorded trade) {
            later.add(new Pending(index, trade));
        }

        /**
         * Runs it all; the failed trade, or empty when every trade was evaluated. Each firing and re-arming has its
         * own timeout ({@link AlertEvaluator#STEP_TIMEOUT}), so this ends.
         */
        Mono<Failed> run() {
            Flux<Long> rest = Flux.fromIterable(later).concatMap(pending -> Mono.defer(() ->
                            evaluator.onTrade(pending.trade()).orElse(Mono.just(0L)))
                    .onErrorMap(e -> new WorkFailed(pending.index(), e)));
            return first
                    .onErrorMap(e -> new WorkFailed(firstIndex, e))
                    .concatWith(rest)
                    .then(Mono.<Failed>empty())
                    .onErrorResume(WorkFailed.class, e -> Mono.just(e.failed));
        }
    }
}
