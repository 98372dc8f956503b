package io.coinlens.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessesTests {

    @TempDir
    Path root;

    @Test
    void stopsItsChildrenAndForgetsTheirPids() throws Exception {
        Layout layout = new Layout(root);
        layout.create();
        ChildProcesses children = new ChildProcesses(layout);
        ChildProcesses.Child child = children.start("sleeper", List.of("sleep", "60"), layout.log("sleeper"));
        assertThat(Files.readString(layout.run().resolve("sleeper.pid"))).isEqualTo(Long.toString(child.process().pid()));

        children.stopAll(Duration.ofSeconds(5));

        assertThat(child.process().isAlive()).isFalse();
        assertThat(layout.run().resolve("sleeper.pid")).doesNotExist();
    }

    @Test
    void killsWhatAKilledRunLeftBehindButNeverAStrangersProcess() throws Exception {
        Layout layout = new Layout(root);
        layout.create();
        // A child of an earlier run: its command line carries the marker.
        Process ours = new ProcessBuilder("bash", "-c", "sleep 60; true", ChildProcesses.MARKER).start();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            waitUntilCommandLineIsSet(ours);
            Files.writeString(layout.run().resolve("old-service.pid"), Long.toString(ours.pid()));
            Files.writeString(layout.run().resolve("reused.pid"), Long.toString(stranger.pid()));

            List<String> killed = new ChildProcesses(layout).killLeftovers();

            assertThat(ours.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(killed).containsExactly("old-service (pid " + ours.pid() + ")");
            assertThat(stranger.isAlive()).isTrue();
            assertThat(layout.run().resolve("reused.pid")).doesNotExist();
        } finally {
            ours.descendants().forEach(ProcessHandle::destroyForcibly);
            ours.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    private static void waitUntilCommandLineIsSet(Process process) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (process.info().commandLine().map(c -> c.contains(ChildProcesses.MARKER)).orElse(false)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
