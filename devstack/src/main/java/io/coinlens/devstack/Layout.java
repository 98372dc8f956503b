package io.coinlens.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the local run keeps its state: one git-ignored folder, {@code .devstack/}, under the repository root. */
record Layout(Path root) {

    Path home() {
        return root.resolve(".devstack");
    }

    Path data() {
        return home().resolve("data");
    }

    Path logs() {
        return home().resolve("logs");
    }

    Path run() {
        return home().resolve("run");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    /** The runnable jar: {@code <module>-exec.jar} where the plain jar is kept as a library, else {@code <module>.jar}. */
    Path jar(String module) {
        Path target = root.resolve(module).resolve("target");
        Path exec = target.resolve(module + "-exec.jar");
        return java.nio.file.Files.exists(exec) ? exec : target.resolve(module + ".jar");
    }

    void create() {
        try {
            Files.createDirectories(data());
            Files.createDirectories(logs());
            Files.createDirectories(run());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void wipeData() {
        if (!Files.exists(data())) {
            return;
        }
        try (Stream<Path> paths = Files.walk(data())) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
