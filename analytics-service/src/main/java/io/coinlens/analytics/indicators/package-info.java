/**
 * The indicator engine: plain Java, no Spring, no Kafka. Per (symbol, interval) an {@link
 * io.coinlens.analytics.indicators.IndicatorSet} updates every indicator in O(1) per closed candle from compact state
 * (ring buffers and running sums), computes provisional values of the open candle without touching that state, and
 * snapshots to bytes for a state store. {@link io.coinlens.analytics.indicators.IndicatorTable} recomputes a stored
 * series with any parameters through the same classes.
 *
 * <p>Definitions, seeding and warm-up follow TA-Lib with its default unstable period 0: an output is absent before
 * TA-Lib's lookback and present from it. Default set (lookback in brackets): sma_20 (19), ema_20 (19), wma_20 (19),
 * rsi_14 (14), macd / macd_signal / macd_hist (33), bb_upper / bb_middle / bb_lower (19), atr_14 (14), natr_14
 * (14), adx_14 (27), plus_di_14 / minus_di_14 (14), stoch_k / stoch_d (17), cci_20 (19), willr_14 (13), mfi_14
 * (14), obv (0), roc_10 (10), stddev_20 (19), vwap (0; session = UTC day), rv_30 (30); {@link
 * io.coinlens.analytics.indicators.Correlation} (TA-Lib CORREL, period - 1) pairs two series.
 *
 * <p>Where this engine deliberately differs from TA-Lib, each only in degenerate or numerical corners: zero tests
 * are exact instead of TA-Lib's absolute 1e-8 (and MFI's "total flow below 1.0"), which would blank indicators of
 * coins priced below a cent; variances and co-moments come from centred updates instead of raw sums of squares,
 * and flat windows are recognised exactly; for period 1, NATR and ±DI keep their definition where TA-Lib's
 * shortcuts return the raw true range and omit the factor 100.
 */
package io.coinlens.analytics.indicators;
