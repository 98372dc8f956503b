package io.coinlens.simulator.fault;

import io.coinlens.simulator.market.Trade;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Sets off faults now: {@code POST /sim/faults/<kind>}; {@code GET /sim/faults} counts what was applied. */
@RestController
@RequestMapping("/sim/faults")
class FaultController {

    private final Faults faults;

    FaultController(Faults faults) {
        this.faults = faults;
    }

    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("applied", faults.counts());
        status.put("schedule", faults.schedule());
        return status;
    }

    @PostMapping("/drop")
    ResponseEntity<Map<String, Object>> drop() {
        return accepted(Map.of("fault", "drop", "connections", faults.drop()));
    }

    @PostMapping("/stall")
    ResponseEntity<Map<String, Object>> stall(@RequestParam(defaultValue = "5") long seconds) {
        requireRange("seconds", seconds, 1, 3600);
        faults.stall(Duration.ofSeconds(seconds));
        return accepted(Map.of("fault", "stall", "seconds", seconds));
    }

    @PostMapping("/duplicate")
    ResponseEntity<Map<String, Object>> duplicate(@RequestParam(defaultValue = "1") int count,
            @RequestParam(required = false) String symbol) {
        requireRange("count", count, 1, 10_000);
        faults.duplicate(requireListed(symbol), count);
        return accepted(Map.of("fault", "duplicate", "count", count, "symbol", symbol == null ? "any" : symbol));
    }

    @PostMapping("/reorder")
    ResponseEntity<Map<String, Object>> reorder(@RequestParam(defaultValue = "1") int count,
            @RequestParam(required = false) String symbol) {
        requireRange("count", count, 1, 10_000);
        faults.reorder(requireListed(symbol), count);
        return accepted(Map.of("fault", "reorder", "count", count, "symbol", symbol == null ? "any" : symbol));
    }

    @PostMapping("/late")
    ResponseEntity<Map<String, Object>> late(@RequestParam(defaultValue = "30") long seconds,
            @RequestParam(required = false) String symbol) {
        requireRange("seconds", seconds, 1, 86_400);
        Optional<Trade> late = faults.late(symbol, Duration.ofSeconds(seconds));
        Trade trade = late.orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                "no trade to copy yet" + (symbol == null ? "" : " for " + symbol)));
        return accepted(Map.of("fault", "late", "symbol", trade.symbol(), "tradeId", trade.id(), "time", trade.time()));
    }

    @PostMapping("/malformed")
    ResponseEntity<Map<String, Object>> malformed() {
        return accepted(Map.of("fault", "malformed", "connections", faults.malformed()));
    }

    private String requireListed(String symbol) {
        if (symbol != null && !faults.isListed(symbol)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown symbol " + symbol);
        }
        return symbol;
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " must be within [" + min + ", " + max + "]");
        }
    }

    private static ResponseEntity<Map<String, Object>> accepted(Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}
