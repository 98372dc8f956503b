package io.coinlens.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The run command's flags.
 *
 * @param simulatorArgs {@code --sim.x=y} on the command line becomes {@code --coinlens.simulator.x=y} for the simulator
 */
record Options(Path root, boolean wipe, boolean simulator, Duration timeout, List<String> simulatorArgs) {

    static final String USAGE = """
            usage: ./coinlens run [--wipe] [--no-simulator] [--timeout=SECONDS] [--sim.<setting>=<value> ...]
              --wipe            delete .devstack/data first (Kafka, PostgreSQL and Redis start empty)
              --no-simulator    do not start the exchange simulator
              --timeout=S       how long to wait for every service to be ready (default 180)
              --sim.X=Y         passed to the exchange simulator as --coinlens.simulator.X=Y,
                                e.g. --sim.replay.series=BTC-USD-4h --sim.replay.start=2024-06-15T00:00:00Z
            """;

    static Options parse(Path root, String... args) {
        boolean wipe = false;
        boolean simulator = true;
        Duration timeout = Duration.ofSeconds(180);
        List<String> simulatorArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.equals("--no-simulator")) {
                simulator = false;
            } else if (arg.startsWith("--timeout=")) {
                try {
                    timeout = Duration.ofSeconds(Long.parseLong(arg.substring("--timeout=".length())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--timeout takes a number of seconds, not '" + arg + "'");
                }
            } else if (arg.startsWith("--sim.") && arg.contains("=")) {
                simulatorArgs.add("--coinlens.simulator." + arg.substring("--sim.".length()));
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new Options(root, wipe, simulator, timeout, List.copyOf(simulatorArgs));
    }
}
