package io.coinlens.simulator.replay;

import io.coinlens.simulator.market.Candle;
import io.coinlens.simulator.market.CandleSeries;
import io.coinlens.simulator.market.TradeGenerator;
import io.coinlens.simulator.market.TradeGenerator.GeneratedTrade;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol's replay: walks its series candle by candle as the clock advances, generates each candle's trades and
 * hands them out when their wall time has come. At the end of the series it starts over from the first candle, with
 * source times moved on by the length of the series so that time never runs backwards.
 */
final class ReplayFeed {

    private final String symbol;
    private final CandleSeries series;
    private final TradeGenerator generator;
    private final ReplayClock clock;
    private final ArrayDeque<GeneratedTrade> pending = new ArrayDeque<>();
    private final long dropBefore;
    private int cursor;
    private long cycleOffset;
    private long candlesPlayed;

    /** Replays from source time {@code from} on (trades before it in the first candle are dropped). */
    ReplayFeed(String symbol, CandleSeries series, TradeGenerator generator, ReplayClock clock, long from) {
        this.symbol = symbol;
        this.series = series;
        this.generator = generator;
        this.clock = clock;
        this.dropBefore = from;
        this.cursor = Math.min(series.indexAt(from), series.candles().size() - 1);
    }

    String symbol() {
        return symbol;
    }

    CandleSeries series() {
        return series;
    }

    ReplayClock clock() {
        return clock;
    }

    long candlesPlayed() {
        return candlesPlayed;
    }

    /** The trades whose wall time is at most {@code wallNow}, in order, with source times. */
    List<GeneratedTrade> due(long wallNow) {
        long sourceNow = clock.toSource(wallNow);
        while (nextOpenTime() <= sourceNow) {
            generateNext();
        }
        List<GeneratedTrade> due = new ArrayList<>();
        while (!pending.isEmpty() && clock.toWall(pending.peekFirst().time()) <= wallNow) {
            due.add(pending.pollFirst());
        }
        return due;
    }

    /** The source time of the candle being played at {@code wallNow}. */
    long sourceTime(long wallNow) {
        return clock.toSource(wallNow);
    }

    private long nextOpenTime() {
        return series.candles().get(cursor).openTime() + cycleOffset;
    }

    private void generateNext() {
        Candle candle = series.candles().get(cursor);
        for (GeneratedTrade t : generator.generate(symbol, candle, series.intervalMillis(), 0)) {
            long time = t.time() + cycleOffset;
            if (time >= dropBefore) {
                pending.addLast(new GeneratedTrade(t.id(), t.price(), t.quantity(), time, t.buyerMaker()));
            }
        }
        candlesPlayed++;
        cursor++;
        if (cursor == series.candles().size()) {
            cursor = 0;
            cycleOffset += series.endTime() - series.firstOpenTime();
        }
    }
}
