package io.coinlens.simulator.replay;

import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.fault.Faults;
import io.coinlens.simulator.market.CandleSeries;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.SeriesCatalog;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.TradeGenerator;
import io.coinlens.simulator.market.TradeGenerator.GeneratedTrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives the market: on every tick it takes the trades that fell due from each replayed series and from load mode,
 * records them and sends them, then closes klines and pushes tickers. Before it starts it plays the warm-up window
 * without sending, so the REST history already holds recent trades.
 */
public class ReplayEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayEngine.class);
    static final String QUOTE = "USDT";

    private final SimulatorProperties.Replay settings;
    private final Market market;
    private final Faults faults;
    private final Clock clock;
    private final List<CandleSeries> series = new ArrayList<>();
    private final TradeGenerator generator;
    private final LoadGenerator load;
    private final List<ReplayFeed> feeds = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;
    private long wallOrigin = -1;

    public ReplayEngine(SimulatorProperties properties, SeriesCatalog catalog, Market market, Faults faults, Clock clock) {
        this.settings = properties.replay();
        this.market = market;
        this.faults = faults;
        this.clock = clock;
        this.generator = new TradeGenerator(properties.seed(), settings.tradesPerCandle());
        Set<String> bases = new HashSet<>();
        for (String name : settings.series()) {
            CandleSeries s = catalog.get(name);
            if (!bases.add(s.baseAsset())) {
                throw new IllegalArgumentException("two series replay " + s.baseAsset() + QUOTE + ": " + settings.series());
            }
            series.add(s);
            int priceScale = s.candles().stream().mapToInt(c -> c.priceScale()).max().orElse(2);
            int stepScale = Math.max(8, s.candles().stream().mapToInt(c -> c.volume().scale()).max().orElse(8));
            market.list(new SymbolInfo(s.baseAsset() + QUOTE, s.baseAsset(), QUOTE, s.name(), priceScale, stepScale));
        }
        this.load = new LoadGenerator(market, properties.load().symbols(), properties.load().rate(), properties.seed());
    }

    /** Fixes the clock at {@code wallNow} and plays the warm-up window into the history, sending nothing. */
    public synchronized void prepare(long wallNow) {
        if (wallOrigin >= 0) {
            return;
        }
        wallOrigin = wallNow;
        long warmupSource = (long) (settings.warmup().toMillis() * settings.speed());
        for (CandleSeries s : series) {
            long origin = settings.start().toEpochMilli();
            if (origin < s.firstOpenTime() || origin >= s.endTime()) {
                log.warn("{} does not cover {}; replaying it from its first candle at {}", s.name(), settings.start(),
                        Instant.ofEpochMilli(s.firstOpenTime()));
                origin = s.firstOpenTime();
            }
            ReplayClock replayClock = new ReplayClock(wallNow, origin, settings.speed());
            long from = Math.max(s.firstOpenTime(), origin - warmupSource);
            feeds.add(new ReplayFeed(s.baseAsset() + QUOTE, s, generator, replayClock, from));
        }
        // Trades stamped at wallNow itself are left for the first tick, which sends them.
        int warm = 0;
        for (ReplayFeed feed : feeds) {
            warm += emit(feed, wallNow - 1, false);
        }
        market.flush(wallNow - 1, false);
        log.info("replaying {} at {}x from {} ({} warm-up trades in history){}", settings.series(), settings.speed(),
                settings.start(), warm, load.symbols().isEmpty() ? ""
                        : "; load mode: " + load.symbols().size() + " synthetic symbols");
    }

    /** Sends everything that fell due by {@code wallNow}. */
    public synchronized void advance(long wallNow) {
        if (wallOrigin < 0) {
            prepare(wallNow);
        }
        for (ReplayFeed feed : feeds) {
            emit(feed, wallNow, true);
        }
        load.tick(wallNow);
        faults.onTick(wallNow);
        market.flush(wallNow, true);
    }

    private int emit(ReplayFeed feed, long wallNow, boolean send) {
        List<GeneratedTrade> due = feed.due(wallNow);
        for (GeneratedTrade t : due) {
            market.trade(feed.symbol(), t.price(), t.quantity(), feed.clock().toWall(t.time()), t.buyerMaker(), send);
        }
        return due.size();
    }

    /** Where each replayed symbol stands, for {@code /sim/replay}. */
    public synchronized List<FeedStatus> status() {
        long now = clock.millis();
        List<FeedStatus> status = new ArrayList<>();
        for (ReplayFeed feed : feeds) {
            ReplayClock c = feed.clock();
            status.add(new FeedStatus(feed.symbol(), feed.series().name(), c.speed(), Instant.ofEpochMilli(c.wallOrigin()),
                    Instant.ofEpochMilli(c.sourceOrigin()), Instant.ofEpochMilli(feed.sourceTime(now)),
                    feed.candlesPlayed()));
        }
        return status;
    }

    public record FeedStatus(String symbol, String series, double speed, Instant wallOrigin, Instant sourceOrigin,
            Instant sourceNow, long candlesGenerated) {
    }

    public List<String> loadSymbols() {
        return load.symbols();
    }

    @Override
    public synchronized void start() {
        prepare(clock.millis());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "replay");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(1, settings.tick().toMillis());
        scheduler.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void tick() {
        try {
            advance(clock.millis());
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule, or the exchange would go silent.
            log.error("replay tick failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
