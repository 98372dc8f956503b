package io.coinlens.simulator.replay;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /sim/replay}: which series play as which symbol, and how wall time maps to source time. */
@RestController
class ReplayController {

    private final ReplayEngine engine;

    ReplayController(ReplayEngine engine) {
        this.engine = engine;
    }

    @GetMapping("/sim/replay")
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("timeMapping", "wall = wallOrigin + (source - sourceOrigin) / speed");
        status.put("feeds", engine.status());
        List<String> load = engine.loadSymbols();
        status.put("loadSymbols", load.size());
        return status;
    }
}
