package io.coinlens.simulator.market;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes up the trades inside one real candle so that they aggregate back to exactly that candle: the first trade is
 * at the open, the last at the close, the path touches the high and the low and never leaves them, and the quantities
 * add up to the volume to the last digit. The same seed, symbol and candle always give the same trades.
 */
public final class TradeGenerator {

    /** Random price moves between two waypoints reach at most this share of the candle's range. */
    private static final double NOISE = 0.15;

    private final long seed;
    private final int tradesPerCandle;

    public TradeGenerator(long seed, int tradesPerCandle) {
        if (tradesPerCandle < 1) {
            throw new IllegalArgumentException("tradesPerCandle must be at least 1");
        }
        this.seed = seed;
        this.tradesPerCandle = tradesPerCandle;
    }

    /**
     * One generated trade, in source time.
     *
     * @param buyerMaker true when the taker sold, i.e. the price ticked down (or, on an unchanged price, at random)
     */
    public record GeneratedTrade(long id, BigDecimal price, BigDecimal quantity, long time, boolean buyerMaker) {
    }

    /**
     * The trades of {@code candle}, with ids {@code firstId, firstId + 1, …}; none for a candle without volume.
     * Quantities are written at the volume's scale, or finer only when the volume has fewer units at its own scale
     * than the price path needs trades.
     */
    public List<GeneratedTrade> generate(String symbol, Candle candle, long intervalMillis, long firstId) {
        if (candle.volume().signum() == 0) {
            return List.of();
        }
        SplittableRandom random = new SplittableRandom(mix(seed, symbol, candle.openTime()));
        int priceScale = candle.priceScale();
        List<BigDecimal> waypoints = waypoints(candle, priceScale, random);

        int quantityScale = Math.max(0, candle.volume().scale());
        BigInteger units = candle.volume().setScale(quantityScale).unscaledValue();
        while (units.compareTo(BigInteger.valueOf(waypoints.size())) < 0) {
            quantityScale++;
            units = units.multiply(BigInteger.TEN);
        }

        int wanted = Math.max(1, (int) Math.round(tradesPerCandle * (0.5 + random.nextDouble())));
        int count = Math.max(wanted, waypoints.size());
        if (units.compareTo(BigInteger.valueOf(count)) < 0) {
            count = units.intValueExact();
        }

        BigDecimal[] prices = pricePath(waypoints, count, candle.low().setScale(priceScale),
                candle.high().setScale(priceScale), priceScale, random);
        BigInteger[] quantities = split(units, count, random);
        long[] times = times(candle.openTime(), intervalMillis, count, random);

        List<GeneratedTrade> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int move = i == 0 ? 0 : prices[i].compareTo(prices[i - 1]);
            boolean buyerMaker = move == 0 ? random.nextBoolean() : move < 0;
            trades.add(new GeneratedTrade(firstId + i, prices[i], new BigDecimal(quantities[i], quantityScale), times[i],
                    buyerMaker));
        }
        return trades;
    }

    /** Open, then the low and the high in a plausible order, then close; repeated neighbours merged. */
    static List<BigDecimal> waypoints(Candle candle, int priceScale, SplittableRandom random) {
        boolean rising = candle.close().compareTo(candle.open()) >= 0;
        boolean lowFirst = random.nextDouble() < (rising ? 0.75 : 0.25);
        BigDecimal[] order = lowFirst
                ? new BigDecimal[] {candle.open(), candle.low(), candle.high(), candle.close()}
                : new BigDecimal[] {candle.open(), candle.high(), candle.low(), candle.close()};
        List<BigDecimal> points = new ArrayList<>(4);
        for (BigDecimal p : order) {
            BigDecimal scaled = p.setScale(priceScale);
            if (points.isEmpty() || points.get(points.size() - 1).compareTo(scaled) != 0) {
                points.add(scaled);
            }
        }
        return points;
    }

    /** Waypoints at the first, the last and random positions between; a noisy bridge in between, inside [low, high]. */
    static BigDecimal[] pricePath(List<BigDecimal> waypoints, int count, BigDecimal low, BigDecimal high, int priceScale,
            SplittableRandom random) {
        BigDecimal[] prices = new BigDecimal[count];
        if (waypoints.size() == 1) {
            Arrays.fill(prices, waypoints.get(0));
            return prices;
        }
        int[] positions = positions(waypoints.size(), count, random);
        double range = high.subtract(low).doubleValue();
        for (int w = 0; w < positions.length - 1; w++) {
            int from = positions[w];
            int to = positions[w + 1];
            double a = waypoints.get(w).doubleValue();
            double b = waypoints.get(w + 1).doubleValue();
            prices[from] = waypoints.get(w);
            for (int i = from + 1; i < to; i++) {
                double f = (double) (i - from) / (to - from);
                double bridge = Math.sin(Math.PI * f);
                double value = a + (b - a) * f + range * NOISE * bridge * (random.nextDouble() * 2 - 1);
                BigDecimal price = BigDecimal.valueOf(value).setScale(priceScale, RoundingMode.HALF_EVEN);
                prices[i] = price.max(low).min(high);
            }
        }
        prices[count - 1] = waypoints.get(waypoints.size() - 1);
        return prices;
    }

    /** Sorted distinct positions in [0, count): 0 first, count - 1 last, the rest at random. */
    static int[] positions(int waypoints, int count, SplittableRandom random) {
        int[] positions = new int[waypoints];
        positions[0] = 0;
        positions[waypoints - 1] = count - 1;
        int inner = waypoints - 2;
        if (inner > 0) {
            // Choose `inner` distinct slots among 1..count-2 (a partial Fisher-Yates over a small window).
            int slots = count - 2;
            int[] chosen = new int[inner];
            int[] pool = new int[slots];
            for (int i = 0; i < slots; i++) {
                pool[i] = i + 1;
            }
            for (int i = 0; i < inner; i++) {
                int j = i + random.nextInt(slots - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                chosen[i] = pool[i];
            }
            Arrays.sort(chosen);
            System.arraycopy(chosen, 0, positions, 1, inner);
        }
        return positions;
    }

    /** {@code units} cut into {@code count} positive whole parts at random cut points; they add up exactly. */
    static BigInteger[] split(BigInteger units, int count, SplittableRandom random) {
        BigInteger spare = units.subtract(BigInteger.valueOf(count));
        double[] weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = -Math.log(1.0 - random.nextDouble());
            total += weights[i];
        }
        BigDecimal spareDecimal = new BigDecimal(spare);
        BigInteger[] parts = new BigInteger[count];
        BigInteger previousCut = BigInteger.ZERO;
        double cumulative = 0;
        for (int i = 0; i < count; i++) {
            BigInteger cut;
            if (i == count - 1) {
                cut = spare;
            } else {
                cumulative += weights[i];
                cut = spareDecimal.multiply(BigDecimal.valueOf(Math.min(1.0, cumulative / total)))
                        .setScale(0, RoundingMode.FLOOR).toBigInteger();
                cut = cut.max(previousCut).min(spare);
            }
            parts[i] = cut.subtract(previousCut).add(BigInteger.ONE);
            previousCut = cut;
        }
        return parts;
    }

    /** {@code count} sorted times in [openTime, openTime + interval). */
    static long[] times(long openTime, long intervalMillis, int count, SplittableRandom random) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = openTime + random.nextLong(intervalMillis);
        }
        Arrays.sort(times);
        return times;
    }

    static long mix(long seed, String symbol, long openTime) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= symbol.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= openTime * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }
}
