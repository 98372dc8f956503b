package io.coinlens.analytics.indicators.bench;

import io.coinlens.analytics.indicators.IndicatorSet;
import io.coinlens.analytics.indicators.IndicatorValues;
import io.coinlens.contracts.Interval;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WMAIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cost of one new candle for one (symbol, interval): the default indicator set's update and peek, against ta4j
 * 0.17 computing the same indicators the idiomatic way (a BarSeries with maxBarCount, addBar, getValue(endIndex)).
 * Candles cycle through the bundled BTC-USD 4h series with ever-increasing open times.
 *
 * <p>Run (from the repository root, after {@code mvn -q -o -pl analytics-service test-compile}):
 * <pre>
 * mvn -q -o -pl analytics-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp analytics-service/target/test-classes:analytics-service/target/classes:$(cat /tmp/cp.txt) \
 *     io.coinlens.analytics.indicators.bench.IndicatorBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IndicatorBenchmark {

    static final long FOUR_HOURS = Interval.H4.millis();

    /** The bundled candles as columns: open, high, low, close, volume. */
    static double[][] candles() {
        try (InputStream in = IndicatorBenchmark.class
                .getResourceAsStream("/data/Coinbase-BTC-USD-PT4H-20160518_20251028.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            JsonNode list = root.get("candles");
            double[][] c = new double[5][list.size()];
            String[] fields = {"open", "high", "low", "close", "volume"};
            for (int i = 0; i < list.size(); i++) {
                for (int f = 0; f < 5; f++) {
                    c[f][i] = Double.parseDouble(list.get(i).get(fields[f]).asString());
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @State(Scope.Thread)
    public static class Engine {

        double[][] c;
        int n;
        int next;
        long openTime;
        IndicatorSet set;
        IndicatorValues out;

        @Setup(Level.Trial)
        public void setUp() {
            c = candles();
            n = c[0].length;
            set = IndicatorSet.defaults(Interval.H4);
            out = set.newValues();
            // Warm every indicator past its lookback: steady state.
            for (int i = 0; i < 1_000; i++) {
                commit();
            }
        }

        void commit() {
            int i = next;
            set.update(c[0][i], c[1][i], c[2][i], c[3][i], c[4][i], openTime, out);
            openTime += FOUR_HOURS;
            next = i + 1 == n ? 0 : i + 1;
        }
    }

    @Benchmark
    public IndicatorValues update(Engine e) {
        e.commit();
        return e.out;
    }

    @Benchmark
    public IndicatorValues peek(Engine e) {
        int i = e.next;
        // The same open candle seen at successive trades: different prices, no commit.
        e.set.peek(e.c[0][i], e.c[1][i], e.c[2][i], e.c[3][i], e.c[4][i], e.openTime, e.out);
        e.next = i + 1 == e.n ? 0 : i + 1;
        return e.out;
    }

    /** ta4j's idiomatic incremental use; the indicators it has for our default set. */
    public abstract static class Ta4j {

        double[][] c;
        int n;
        int next;
        ZonedDateTime end;
        BarSeries series;
        Indicator<Num>[] indicators;
        ClosePriceIndicator close;
        ATRIndicator atr;

        abstract Function<Number, Num> numbers();

        @SuppressWarnings("unchecked")
        @Setup(Level.Trial)
        public void setUp() {
            c = candles();
            n = c[0].length;
            end = Instant.ofEpochMilli(FOUR_HOURS).atZone(ZoneOffset.UTC);
            series = new BaseBarSeriesBuilder().withName("BTC-USD").withNumTypeOf(numbers()).withMaxBarCount(500)
                    .build();
            close = new ClosePriceIndicator(series);
            SMAIndicator sma = new SMAIndicator(close, 20);
            BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(sma);
            StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
            MACDIndicator macd = new MACDIndicator(close, 12, 26);
            atr = new ATRIndicator(series, 14);
            SMAIndicator slowK = new SMAIndicator(new StochasticOscillatorKIndicator(series, 14), 3);
            indicators = new Indicator[] {sma, new EMAIndicator(close, 20), new WMAIndicator(close, 20),
                    new RSIIndicator(close, 14), macd, macd.getSignalLine(9), macd.getHistogram(9),
                    new BollingerBandsUpperIndicator(middle, sd, series.numOf(2)), middle,
                    new BollingerBandsLowerIndicator(middle, sd, series.numOf(2)), atr,
                    new ADXIndicator(series, 14), new PlusDIIndicator(series, 14), new MinusDIIndicator(series, 14),
                    slowK, new SMAIndicator(slowK, 3), new CCIIndicator(series, 20), new WilliamsRIndicator(series, 14),
                    new MoneyFlowIndexIndicator(series, 14), new OnBalanceVolumeIndicator(series),
                    new ROCIndicator(close, 10), sd, new VWAPIndicator(series, 14)};
            for (int i = 0; i < 1_000; i++) {
                add(null);
            }
        }

        void add(Blackhole bh) {
            int i = next;
            end = end.plusHours(4);
            series.addBar(Duration.ofHours(4), end, c[0][i], c[1][i], c[2][i], c[3][i], c[4][i]);
            int last = series.getEndIndex();
            for (Indicator<Num> indicator : indicators) {
                Num v = indicator.getValue(last);
                if (bh != null) {
                    bh.consume(v);
                }
            }
            // NATR, which ta4j does not have: ATR / close * 100.
            Num natr = atr.getValue(last).dividedBy(close.getValue(last)).multipliedBy(series.numOf(100));
            if (bh != null) {
                bh.consume(natr);
            }
            next = i + 1 == n ? 0 : i + 1;
        }
    }

    @State(Scope.Thread)
    public static class Ta4jDouble extends Ta4j {
        @Override
        Function<Number, Num> numbers() {
            return DoubleNum::valueOf;
        }
    }

    @State(Scope.Thread)
    public static class Ta4jDecimal extends Ta4j {
        @Override
        Function<Number, Num> numbers() {
            return DecimalNum::valueOf;
        }
    }

    @Benchmark
    public void ta4jDoubleNum(Ta4jDouble t, Blackhole bh) {
        t.add(bh);
    }

    @Benchmark
    public void ta4jDecimalNum(Ta4jDecimal t, Blackhole bh) {
        t.add(bh);
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(IndicatorBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .build();
        new Runner(options).run();
    }
}
