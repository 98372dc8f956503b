package io.coinlens.analytics.candles;

import io.coinlens.contracts.Interval;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The candle state of one (exchange, symbol), kept in a state store: the dedup window and, per interval, the candles
 * not yet closed. A 1m candle collects trades; a longer one collects its closed 1m candles, and is shown together
 * with its still-open 1m candles while it is open.
 */
final class SymbolCandles {

    private static final byte FORMAT = 1;

    final String exchange;
    final String symbol;
    final TradeWindow window;
    final Map<Interval, TreeMap<Long, CandleAggregate>> open;

    SymbolCandles(String exchange, String symbol) {
        this(exchange, symbol, new TradeWindow(), new EnumMap<>(Interval.class));
    }

    private SymbolCandles(String exchange, String symbol, TradeWindow window,
            Map<Interval, TreeMap<Long, CandleAggregate>> open) {
        this.exchange = exchange;
        this.symbol = symbol;
        this.window = window;
        this.open = open;
        for (Interval interval : Interval.values()) {
            this.open.computeIfAbsent(interval, i -> new TreeMap<>());
        }
    }

    TreeMap<Long, CandleAggregate> open(Interval interval) {
        return open.get(interval);
    }

    /** The candle as it stands: for longer intervals, its closed part merged with its open 1m candles. */
    CandleAggregate current(Interval interval, CandleAggregate candle) {
        if (interval == Interval.M1) {
            return candle;
        }
        CandleAggregate view = candle.copy();
        open(Interval.M1).subMap(candle.openTime, candle.openTime + interval.millis()).values().forEach(view::merge);
        return view;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(exchange);
            out.writeUTF(symbol);
            window.write(out);
            for (Interval interval : Interval.values()) {
                TreeMap<Long, CandleAggregate> candles = open(interval);
                out.writeInt(candles.size());
                for (CandleAggregate c : candles.values()) {
                    c.write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SymbolCandles fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown candle state format " + format);
            }
            String exchange = in.readUTF();
            String symbol = in.readUTF();
            TradeWindow window = TradeWindow.read(in);
            Map<Interval, TreeMap<Long, CandleAggregate>> open = new EnumMap<>(Interval.class);
            for (Interval interval : Interval.values()) {
                int n = in.readInt();
                TreeMap<Long, CandleAggregate> candles = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    CandleAggregate c = CandleAggregate.read(in);
                    candles.put(c.openTime, c);
                }
                open.put(interval, candles);
            }
            return new SymbolCandles(exchange, symbol, window, open);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
