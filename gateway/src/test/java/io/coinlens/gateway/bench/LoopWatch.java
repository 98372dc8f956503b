package io.coinlens.gateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the stall timeline: what each process's event loop threads did in every 50 ms window of a phase, from their
 * schedstat (time on a CPU, time ready but waiting for one). A stalled window whose loops were mostly waiting for a
 * CPU is contention; one whose loops were neither running nor waiting had nothing to do, so the stall was elsewhere.
 */
final class LoopWatch implements Runnable {

    private static final long WINDOW_NANOS = 50_000_000;

    private final Map<String, List<Path>> loops = new LinkedHashMap<>();
    private final long start;
    private final Map<String, long[][]> windows = new LinkedHashMap<>();
    private volatile boolean running = true;
    private final Thread thread;

    /** @param threadPrefixes per process name, its pid and the name prefix of its event loop threads */
    LoopWatch(Map<String, Map.Entry<Long, String>> threadPrefixes, long startNanos, int windowCount) {
        this.start = startNanos;
        threadPrefixes.forEach((name, pidAndPrefix) -> {
            List<Path> found = new ArrayList<>();
            Path tasks = Path.of("/proc", Long.toString(pidAndPrefix.getKey()), "task");
            try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
                for (Path task : all) {
                    if (Files.readString(task.resolve("comm")).startsWith(pidAndPrefix.getValue())) {
                        found.add(task.resolve("schedstat"));
                    }
                }
            } catch (IOException e) {
                // Not on Linux, or the process is gone: nothing to watch.
            }
            loops.put(name, found);
            windows.put(name, new long[windowCount][2]);
        });
        thread = new Thread(this, "loop-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        Map<String, long[]> last = new LinkedHashMap<>();
        loops.forEach((name, files) -> last.put(name, read(files)));
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
            long window = (System.nanoTime() - start) / WINDOW_NANOS;
            loops.forEach((name, files) -> {
                long[] now = read(files);
                long[] before = last.put(name, now);
                long[][] perWindow = windows.get(name);
                if (window >= 0 && window < perWindow.length) {
                    perWindow[(int) window][0] += now[0] - before[0];
                    perWindow[(int) window][1] += now[1] - before[1];
                }
            });
        }
    }

    void stop() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "gateway ran 12/wait 30 ms, ..." for one window, summed over each process's event loops. */
    String describe(int window) {
        StringBuilder text = new StringBuilder();
        windows.forEach((name, perWindow) -> {
            if (window < perWindow.length) {
                text.append(String.format(" %s loops ran %.0f, waited %.0f ms;", name, perWindow[window][0] / 1e6,
                        perWindow[window][1] / 1e6));
            }
        });
        return text.toString();
    }

    private static long[] read(List<Path> files) {
        long[] sums = new long[2];
        for (Path file : files) {
            try {
                long[] stat = ProcessMeter.schedstat(file);
                sums[0] += stat[0];
                sums[1] += stat[1];
            } catch (IOException | RuntimeException e) {
                // The thread ended.
            }
        }
        return sums;
    }
}
