package io.coinlens.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes devstack started, each remembered in a pid file so that a run killed with SIGKILL can be cleaned up
 * by the next one. A pid is only ever killed if its command line still carries devstack's marker.
 */
final class ChildProcesses {

    /** Put on every child's command line; proves a pid from an old pid file is still ours. */
    static final String MARKER = "-Dcoinlens.devstack=true";

    private final Layout layout;
    private final List<Child> children = Collections.synchronizedList(new ArrayList<>());

    record Child(String name, Process process) {
    }

    ChildProcesses(Layout layout) {
        this.layout = layout;
    }

    Child start(String name, List<String> command, Path log) {
        List<String> withMarker = new ArrayList<>(command);
        withMarker.add(1, MARKER);
        ProcessBuilder builder = new ProcessBuilder(withMarker)
                .directory(layout.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process process = builder.start();
            Files.writeString(pidFile(name), Long.toString(process.pid()));
            Child child = new Child(name, process);
            children.add(child);
            return child;
        } catch (IOException e) {
            throw new StartupException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    List<Child> children() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /** Stops every child, newest first: each gets SIGTERM and a grace period, then SIGKILL. */
    void stopAll(Duration grace) {
        List<Child> reversed = new ArrayList<>(children());
        Collections.reverse(reversed);
        // Services first, all at once; the broker last, so services can leave their consumer groups cleanly.
        List<Child> broker = reversed.stream().filter(c -> c.name().equals("kafka")).toList();
        List<Child> others = reversed.stream().filter(c -> !c.name().equals("kafka")).toList();
        stop(others, grace);
        stop(broker, grace);
    }

    private void stop(List<Child> group, Duration grace) {
        group.forEach(c -> c.process().destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Child child : group) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    child.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    child.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.process().destroyForcibly();
            }
            deletePidFile(child.name());
        }
    }

    /** Kills what an earlier run left behind (it was killed before it could clean up). Returns what it killed. */
    List<String> killLeftovers() {
        List<String> killed = new ArrayList<>();
        if (!Files.isDirectory(layout.run())) {
            return killed;
        }
        try (Stream<Path> files = Files.list(layout.run())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                readPid(file).flatMap(ProcessHandle::of)
                        .filter(p -> p.info().commandLine().map(c -> c.contains(MARKER)).orElse(false))
                        .ifPresent(p -> {
                            p.destroyForcibly();
                            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                            killed.add(name + " (pid " + p.pid() + ")");
                        });
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return killed;
    }

    static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+")[0];
            return Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile(String name) {
        return layout.run().resolve(name + ".pid");
    }

    private void deletePidFile(String name) {
        try {
            Files.deleteIfExists(pidFile(name));
        } catch (IOException ignored) {
            // best effort; the next run cleans up
        }
    }
}
