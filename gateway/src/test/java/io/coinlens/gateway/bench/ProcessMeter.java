package io.coinlens.gateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each process of a benchmark phase cost, from Linux's /proc: CPU time, context switches, and the time its
 * threads were ready to run but waited for a CPU (schedstat's run delay), plus the machine's idle and steal share.
 * It tells a slow target from a machine that was busy with something else.
 */
final class ProcessMeter {

    /** Clock ticks per second of /proc/[pid]/stat; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids = new LinkedHashMap<>();

    ProcessMeter process(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    Snapshot snapshot() {
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((name, pid) -> usage.put(name, usage(pid)));
        return new Snapshot(System.nanoTime(), usage, machine());
    }

    /** What one target's phase cost, summed over the rounds it was measured in. */
    static final class Cost {

        private final Map<String, long[]> processes = new LinkedHashMap<>();
        private final Map<String, Map<String, Long>> threads = new LinkedHashMap<>();
        private final long[] machine = new long[8];
        private long nanos;

        void add(Snapshot before, Snapshot after) {
            nanos += after.nanos() - before.nanos();
            before.usage().forEach((name, start) -> {
                Usage end = after.usage().get(name);
                long[] sums = processes.computeIfAbsent(name, n -> new long[4]);
                sums[0] += end.cpuTicks() - start.cpuTicks();
                sums[1] += end.switches() - start.switches();
                sums[2] += end.runDelayNanos() - start.runDelayNanos();
                sums[3] += end.compilerNanos() - start.compilerNanos();
                Map<String, Long> byThread = threads.computeIfAbsent(name, n -> new java.util.TreeMap<>());
                end.switchesByThread().forEach((thread, count) -> byThread.merge(thread,
                        count - start.switchesByThread().getOrDefault(thread, 0L), Long::sum));
            });
            for (int i = 0; i < machine.length; i++) {
                machine[i] += after.machine()[i] - before.machine()[i];
            }
        }

        /** The most CPU any one process's JIT compilers took per second of the phase, in milliseconds. */
        double mostCompilingMillisPerSecond() {
            return processes.values().stream().mapToDouble(this::compilingMillisPerSecond).max().orElse(0);
        }

        private double compilingMillisPerSecond(long[] sums) {
            return sums[3] / 1e6 / Math.max(nanos / 1e9, 1e-9);
        }

        /** The share of the machine's time the hypervisor gave to other guests (steal), in percent. */
        double stealPercent() {
            long total = 0;
            for (long value : machine) {
                total += value;
            }
            return total == 0 ? 0 : 100.0 * machine[7] / total;
        }

        /**
         * A line per process: CPU, context switches and run delay per request, and its JIT compilers' CPU per second
         * (about 1 ms/s once compilation has settled; tens while a JVM recompiles); then the machine's idle and steal.
         */
        String describe(long requests) {
            StringBuilder text = new StringBuilder();
            double perRequest = Math.max(requests, 1);
            processes.forEach((name, sums) -> {
                text.append(String.format("    %-9s cpu %.3f ms/req, %.2f switches/req, waited for a CPU %.3f ms/req,"
                                + " JIT %.1f ms/s%n", name, sums[0] * 1000 / TICKS_PER_SECOND / perRequest,
                        sums[1] / perRequest, sums[2] / 1e6 / perRequest, compilingMillisPerSecond(sums)));
                if (Boolean.getBoolean("bench.threads")) {
                    threads.get(name).forEach((thread, count) -> {
                        if (count / perRequest >= 0.01) {
                            text.append(String.format("        %-20s %.2f switches/req%n", thread,
                                    count / perRequest));
                        }
                    });
                }
            });
            long total = 0;
            for (long value : machine) {
                total += value;
            }
            // /proc/stat's cpu line: user nice system idle iowait irq softirq steal
            text.append(String.format("    machine   idle %.0f %%, steal %.1f %%%n", 100.0 * machine[3] / total,
                    100.0 * machine[7] / total));
            return text.toString();
        }
    }

    private static Usage usage(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long ticks = 0;
        long switches = 0;
        long delay = 0;
        long compiling = 0;
        Map<String, Long> byThread = new java.util.TreeMap<>();
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        long[] sched = schedstat(task.resolve("schedstat"));
                        delay += sched[1];
                        String comm = Files.readString(task.resolve("comm")).trim();
                        // HotSpot's JIT compiler threads ("C2 CompilerThread0", cut to 15 characters by Linux).
                        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                            compiling += sched[0];
                        }
                        long taskSwitches = 0;
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary")) {
                                taskSwitches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                        switches += taskSwitches;
                        // Threads of one pool together: "reactor-http-epoll-1" and "-2" as "reactor-http-epoll-".
                        byThread.merge(comm.replaceAll("\\d+$", ""), taskSwitches, Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // A thread that ended while being read.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not on Linux, or the process is gone: the figures read as zero.
        }
        return new Usage(ticks, switches, delay, compiling, byThread);
    }

    /** A thread's schedstat: nanoseconds on a CPU, and nanoseconds ready to run but waiting for one. */
    static long[] schedstat(Path file) throws IOException {
        String[] fields = Files.readString(file).trim().split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    private static long[] machine() {
        long[] values = new long[8];
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 0; i < values.length && i + 1 < fields.length; i++) {
                values[i] = Long.parseLong(fields[i + 1]);
            }
        } catch (IOException | RuntimeException e) {
            // Not on Linux: the machine line reads as NaN.
        }
        return values;
    }

    record Usage(long cpuTicks, long switches, long runDelayNanos, long compilerNanos,
            Map<String, Long> switchesByThread) {
    }

    record Snapshot(long nanos, Map<String, Usage> usage, long[] machine) {
    }
}
