package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesCatalogTests {

    private final SeriesCatalog catalog = new SeriesCatalog();

    @Test
    void readsCoinbaseFourHourCandlesWithStartInUnixSeconds() {
        CandleSeries btc = catalog.get(SeriesCatalog.BTC_USD_4H);
        assertThat(btc.candles()).hasSize(20_695);
        assertThat(btc.interval()).isEqualTo(Interval.H4);
        assertThat(btc.baseAsset()).isEqualTo("BTC");
        Candle first = btc.candles().get(0);
        assertThat(Instant.ofEpochMilli(first.openTime())).isEqualTo(Instant.parse("2016-05-18T04:00:00Z"));
        assertThat(first.open()).isEqualByComparingTo("456.16");
        assertThat(first.high()).isEqualByComparingTo("456.81");
        assertThat(first.low()).isEqualByComparingTo("455.3");
        assertThat(first.close()).isEqualByComparingTo("456.02");
        assertThat(first.volume()).isEqualTo("561.88098307");
        assertThat(catalog.get(SeriesCatalog.ETH_USD_4H).candles()).hasSize(20_675);
    }

    @Test
    void readsTheDailySeriesWhoseEndTimeIsTheNextOpen() {
        CandleSeries eth = catalog.get(SeriesCatalog.ETH_USD_1D);
        assertThat(eth.candles()).hasSize(3_582);
        Candle first = eth.candles().get(0);
        assertThat(Instant.ofEpochMilli(first.openTime())).isEqualTo(Instant.parse("2016-05-18T00:00:00Z"));
        assertThat(first.open()).isEqualByComparingTo("12.5");
        assertThat(first.high()).isEqualByComparingTo("14.93");
        assertThat(first.close()).isEqualByComparingTo("13.18");
        // Exactly as written in the file: no binary floating point on the way.
        assertThat(first.volume()).isEqualTo("482.52182654");
    }

    @Test
    void readsTheBitstampMinutesOfNewYearsDay2020() {
        CandleSeries minutes = catalog.get(SeriesCatalog.BTC_USD_1M);
        assertThat(minutes.candles()).hasSize(1_440);
        assertThat(minutes.interval()).isEqualTo(Interval.M1);
        assertThat(Instant.ofEpochMilli(minutes.firstOpenTime())).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(Instant.ofEpochMilli(minutes.endTime())).isEqualTo(Instant.parse("2020-01-02T00:00:00Z"));
        assertThat(minutes.candles().get(0).close()).isEqualByComparingTo("7159.64");
    }

    @Test
    void findsTheCandlePlayingAtATime() {
        CandleSeries btc = catalog.get(SeriesCatalog.BTC_USD_4H);
        long june15 = Instant.parse("2024-06-15T00:00:00Z").toEpochMilli();
        Candle playing = btc.candles().get(btc.indexAt(june15));
        assertThat(playing.openTime()).isEqualTo(june15);
        Candle midway = btc.candles().get(btc.indexAt(june15 + 3_600_000));
        assertThat(midway.openTime()).isEqualTo(june15);
        assertThat(btc.indexAt(btc.endTime())).isEqualTo(btc.candles().size());
    }

    @Test
    void namesTheSeriesItKnowsWhenAskedForAnother() {
        assertThat(catalog.names()).containsExactly("BTC-USD-4h", "ETH-USD-4h", "ETH-USD-1d", "BTC-USD-1m");
        assertThatThrownBy(() -> catalog.get("DOGE-USD-4h")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("BTC-USD-4h");
    }
}
