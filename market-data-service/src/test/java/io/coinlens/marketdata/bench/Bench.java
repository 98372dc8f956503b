package io.coinlens.marketdata.bench;

import io.coinlens.marketdata.MarketDataApplication;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What the benchmark programs share: the service started in-process on embedded Kafka and Redis, and measuring. */
final class Bench {

    private Bench() {
    }

    /** market-data-service on the embedded Kafka and Redis of test-support; {@code args} as on its command line. */
    static ConfigurableApplicationContext startService(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafka().getBrokersAsString(),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + Infrastructure.redisPort(),
                "--logging.structured.format.console=",
                "--logging.level.root=warn",
                "--logging.level.org.apache.kafka=error"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(MarketDataApplication.class).run(all.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Sum of a counter over all its tags. */
    static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Heap in use after a full collection, in MB. */
    static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1_048_576.0;
    }

    /** CPU time per thread, so a window's use can be told apart by thread. */
    static Map<Long, long[]> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, long[]> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, new long[] {threads.getThreadCpuTime(id)});
        }
        return cpu;
    }

    /** The threads that used most CPU between two {@link #threadCpu()} snapshots, grouped by name pattern. */
    static String cpuProfile(Map<Long, long[]> before, Map<Long, long[]> after, double seconds, int top) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> byGroup = new HashMap<>();
        after.forEach((id, time) -> {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info == null || time[0] < 0) {
                return;
            }
            long start = before.containsKey(id) ? before.get(id)[0] : 0;
            String group = info.getThreadName().replaceAll("[0-9]+", "N");
            byGroup.merge(group, (time[0] - start) / 1e9 / seconds, Double::sum);
        });
        double total = byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format(Locale.ROOT, "  all threads: %.2f cores%n", total) + byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "  %-60s %.2f cores", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
