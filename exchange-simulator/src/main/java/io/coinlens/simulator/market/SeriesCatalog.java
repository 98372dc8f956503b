package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** The real series bundled under {@code data/} (see {@code data/NOTICE.md}), parsed on first use. */
public final class SeriesCatalog {

    public static final String BTC_USD_4H = "BTC-USD-4h";
    public static final String ETH_USD_4H = "ETH-USD-4h";
    public static final String ETH_USD_1D = "ETH-USD-1d";
    public static final String BTC_USD_1M = "BTC-USD-1m";

    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    // Floats as BigDecimal: the daily file writes prices as JSON numbers, and a double would not survive the trip.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Map<String, Supplier<CandleSeries>> loaders = new LinkedHashMap<>();
    private final Map<String, CandleSeries> loaded = new LinkedHashMap<>();

    public SeriesCatalog() {
        loaders.put(BTC_USD_4H, () -> coinbaseCandles(BTC_USD_4H, "BTC", Interval.H4,
                "data/Coinbase-BTC-USD-PT4H-20160518_20251028.json"));
        loaders.put(ETH_USD_4H, () -> coinbaseCandles(ETH_USD_4H, "ETH", Interval.H4,
                "data/Coinbase-ETH-USD-PT4H-20160518_20251028.json"));
        loaders.put(ETH_USD_1D, () -> ohlcEndTimes(ETH_USD_1D, "ETH", Interval.D1,
                "data/Coinbase-ETH-USD-PT1D-20160517_20260310.json"));
        loaders.put(BTC_USD_1M, () -> csvMinutes(BTC_USD_1M, "BTC", Interval.M1,
                "data/bitstamp_btcusd_min_2020_01_01.csv"));
    }

    public List<String> names() {
        return List.copyOf(loaders.keySet());
    }

    public synchronized CandleSeries get(String name) {
        CandleSeries series = loaded.get(name);
        if (series == null) {
            Supplier<CandleSeries> loader = loaders.get(name);
            if (loader == null) {
                throw new NoSuchElementException("unknown series '" + name + "', expected one of " + names());
            }
            series = loader.get();
            loaded.put(name, series);
        }
        return series;
    }

    /** {@code {"candles":[{"start":"<unix seconds>","low","high","open","close","volume"}]}}, oldest first. */
    static CandleSeries coinbaseCandles(String name, String base, Interval interval, String resource) {
        JsonNode root = readJson(resource);
        List<Candle> candles = new ArrayList<>();
        for (JsonNode c : root.get("candles")) {
            candles.add(new Candle(Long.parseLong(c.get("start").asString()) * 1000L,
                    decimal(c, "open"), decimal(c, "high"), decimal(c, "low"), decimal(c, "close"), decimal(c, "volume")));
        }
        return new CandleSeries(name, base, interval, resource, candles);
    }

    /** {@code {"ohlc":[{"endTime":<ms>,"openPrice",…,"volume"}]}}: the end time is the next candle's open. */
    static CandleSeries ohlcEndTimes(String name, String base, Interval interval, String resource) {
        JsonNode root = readJson(resource);
        List<Candle> candles = new ArrayList<>();
        for (JsonNode c : root.get("ohlc")) {
            candles.add(new Candle(c.get("endTime").asLong() - interval.millis(),
                    decimal(c, "openPrice"), decimal(c, "highPrice"), decimal(c, "lowPrice"), decimal(c, "closePrice"),
                    decimal(c, "volume")));
        }
        return new CandleSeries(name, base, interval, resource, candles);
    }

    /** {@code datetime,open,high,low,close,volume} with UTC times like {@code 2020-01-01 00:00:00}. */
    static CandleSeries csvMinutes(String name, String base, Interval interval, String resource) {
        List<Candle> candles = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("datetime,open,high,low,close,volume")) {
                throw new IllegalStateException(resource + ": unexpected header " + header);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                long openTime = LocalDateTime.parse(f[0], CSV_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                candles.add(new Candle(openTime, new BigDecimal(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]),
                        new BigDecimal(f[4]), new BigDecimal(f[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new CandleSeries(name, base, interval, resource, candles);
    }

    private static BigDecimal decimal(JsonNode candle, String field) {
        JsonNode value = candle.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("candle without " + field + ": " + candle);
        }
        return value.isString() ? new BigDecimal(value.asString()) : value.decimalValue();
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = SeriesCatalog.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing bundled data " + resource);
        }
        return in;
    }
}
