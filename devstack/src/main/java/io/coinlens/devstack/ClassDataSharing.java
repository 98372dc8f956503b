package io.coinlens.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts services from extracted jars with an application class-data archive, which cuts each service's startup CPU
 * roughly threefold (see BENCHMARKS.md). The archive is written when a service stops after a run without one, so
 * the first run after a build is the slow one and every later run is fast.
 */
final class ClassDataSharing {

    private final Layout layout;
    private final String java;

    ClassDataSharing(Layout layout, String java) {
        this.layout = layout;
        this.java = java;
    }

    /** Extracts every jar that changed since its last extraction, dropping its now stale archive. */
    void prepare(List<Component> components) {
        List<Component> stale = components.stream().filter(this::isStale).toList();
        List<Process> extractions = stale.stream().map(this::extract).toList();
        for (int i = 0; i < extractions.size(); i++) {
            Component component = stale.get(i);
            try {
                if (!extractions.get(i).waitFor(120, TimeUnit.SECONDS) || extractions.get(i).exitValue() != 0) {
                    throw new StartupException("cannot extract " + layout.jar(component.module()));
                }
                Files.setLastModifiedTime(stamp(component), Files.getLastModifiedTime(layout.jar(component.module())));
            } catch (IOException e) {
                throw new StartupException("cannot extract " + component.module() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while extracting " + component.module());
            }
        }
    }

    Path jar(Component component) {
        return directory(component).resolve(layout.jar(component.module()).getFileName());
    }

    List<String> flags(Component component) {
        Path archive = archive(component);
        return Files.exists(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                : List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private boolean isStale(Component component) {
        try {
            FileTime built = Files.getLastModifiedTime(layout.jar(component.module()));
            return !Files.exists(jar(component)) || !Files.exists(stamp(component))
                    || !Files.getLastModifiedTime(stamp(component)).equals(built);
        } catch (IOException e) {
            return true;
        }
    }

    private Process extract(Component component) {
        Path directory = directory(component);
        try {
            Files.deleteIfExists(archive(component));
            Files.deleteIfExists(stamp(component));
            if (Files.exists(directory)) {
                try (var paths = Files.walk(directory)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(directory.getParent());
            Files.createFile(stamp(component));
            return new ProcessBuilder(java, "-Djarmode=tools", "-jar", layout.jar(component.module()).toString(),
                    "extract", "--destination", directory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(component.name()).toFile()))
                    .start();
        } catch (IOException e) {
            throw new StartupException("cannot extract " + component.module() + ": " + e.getMessage(), e);
        }
    }

    private Path directory(Component component) {
        return layout.home().resolve("app").resolve(component.module());
    }

    private Path archive(Component component) {
        return layout.home().resolve("app").resolve(component.module() + ".jsa");
    }

    private Path stamp(Component component) {
        return layout.home().resolve("app").resolve(component.module() + ".extracted");
    }
}
