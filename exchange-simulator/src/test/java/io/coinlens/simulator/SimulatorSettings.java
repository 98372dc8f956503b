package io.coinlens.simulator;

import io.coinlens.simulator.config.SimulatorProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds {@link SimulatorProperties} for tests, starting from the defaults. */
public final class SimulatorSettings {

    private List<String> series = List.of("BTC-USD-4h", "ETH-USD-4h");
    private Instant start = Instant.parse("2024-06-15T00:00:00Z");
    private double speed = 14_400;
    private int tradesPerCandle = 40;
    private Duration warmup = Duration.ZERO;
    private int loadSymbols;
    private double loadRate = 1000;
    private long seed = 42;
    private SimulatorProperties.Faults faults = new SimulatorProperties.Faults(Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO);

    public SimulatorSettings series(String... names) {
        this.series = List.of(names);
        return this;
    }

    public SimulatorSettings start(String instant) {
        this.start = Instant.parse(instant);
        return this;
    }

    public SimulatorSettings speed(double speed) {
        this.speed = speed;
        return this;
    }

    public SimulatorSettings tradesPerCandle(int tradesPerCandle) {
        this.tradesPerCandle = tradesPerCandle;
        return this;
    }

    public SimulatorSettings warmup(Duration warmup) {
        this.warmup = warmup;
        return this;
    }

    public SimulatorSettings load(int symbols, double rate) {
        this.loadSymbols = symbols;
        this.loadRate = rate;
        return this;
    }

    public SimulatorSettings seed(long seed) {
        this.seed = seed;
        return this;
    }

    public SimulatorSettings faults(SimulatorProperties.Faults faults) {
        this.faults = faults;
        return this;
    }

    public SimulatorProperties build() {
        return new SimulatorProperties(seed,
                new SimulatorProperties.Replay(series, start, speed, tradesPerCandle, Duration.ofMillis(100), warmup, 1),
                new SimulatorProperties.Load(loadSymbols, loadRate),
                new SimulatorProperties.History(200_000, 1500),
                new SimulatorProperties.Binance(Duration.ofSeconds(20), Duration.ofHours(24), 6000, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), 1024, 100_000, 5),
                new SimulatorProperties.Coinbase(Duration.ofSeconds(1), 50, 100_000),
                faults,
                new SimulatorProperties.Account("local-simulator", "local-simulator-signing-key", 500,
                        new java.math.BigDecimal("1000000")));
    }
}
