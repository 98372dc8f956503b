package io.coinlens.analytics.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the reference files under src/test/resources/oracle (see the NOTICE.md there). */
final class Oracles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Oracles() {
    }

    static String text(String resource) {
        try (InputStream in = Oracles.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One TA-Lib.NETCore test vector: outputs start at input index {@code range[0]}. */
    record TalibCase(String file, String name, double[] options, double[][] inputs, double[][] outputs, int[] range,
            boolean unstable) {

        @Override
        public String toString() {
            return file + " " + name + " " + java.util.Arrays.toString(options);
        }
    }

    static List<TalibCase> talib(String file) {
        JsonNode root = JSON.readTree(text("oracle/talib-netcore/" + file));
        List<TalibCase> cases = new ArrayList<>();
        for (JsonNode node : root.get("_")) {
            cases.add(new TalibCase(file, node.get("name").asString(), doubles(node.get("options")),
                    matrix(node.get("inputs")), matrix(node.get("outputs")),
                    node.has("range") ? new int[] {node.get("range").get(0).asInt(), node.get("range").get(1).asInt()}
                            : new int[] {0, 0},
                    node.has("unstable")));
        }
        return cases;
    }

    private static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = doubles(node.get(i));
        }
        return m;
    }

    private static double[] doubles(JsonNode node) {
        if (node == null || node.isNull()) {
            return new double[0];
        }
        double[] d = new double[node.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = node.get(i).asDouble();
        }
        return d;
    }

    /** One Tulip Indicators vector: a header, then brace lines (inputs, then outputs); decimals as printed. */
    record TulipCase(String file, String name, double[] options, double[][] lines, int[][] decimals) {

        @Override
        public String toString() {
            return file + " " + name + " " + java.util.Arrays.toString(options);
        }
    }

    static List<TulipCase> tulip(String file) {
        List<TulipCase> cases = new ArrayList<>();
        String header = null;
        List<String> lines = new ArrayList<>();
        for (String raw : (text("oracle/tulip/" + file) + "\n\n").split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (header != null && !lines.isEmpty() && parseable(lines)) {
                    cases.add(tulipCase(file, header, lines));
                }
                header = null;
                lines = new ArrayList<>();
            } else if (line.startsWith("{")) {
                lines.add(line);
            } else {
                header = line;
            }
        }
        return cases;
    }

    /** extra.txt's "ce" vector separates values with semicolons; it is not one we use. */
    private static boolean parseable(List<String> lines) {
        return lines.stream().allMatch(l -> l.matches("\\{[-+0-9.,eE\\s]*}"));
    }

    private static TulipCase tulipCase(String file, String header, List<String> lines) {
        String[] parts = header.split("\\s+");
        double[] options = new double[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            options[i - 1] = Double.parseDouble(parts[i]);
        }
        double[][] values = new double[lines.size()][];
        int[][] decimals = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            String body = lines.get(i).replaceAll("[{}]", "").trim();
            String[] tokens = body.isEmpty() ? new String[0] : body.split(",");
            values[i] = new double[tokens.length];
            decimals[i] = new int[tokens.length];
            for (int j = 0; j < tokens.length; j++) {
                String t = tokens[j].trim();
                values[i][j] = Double.parseDouble(t);
                int dot = t.indexOf('.');
                decimals[i][j] = dot < 0 ? 0 : t.length() - dot - 1;
            }
        }
        return new TulipCase(file, parts[0], options, values, decimals);
    }

    /** A CSV with a header line, as rows of column name to cell. */
    static List<Map<String, String>> csv(String resource) {
        String[] lines = text(resource).split("\r?\n");
        String[] header = lines[0].split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int j = 0; j < header.length && j < cells.length; j++) {
                row.put(header[j].trim(), cells[j].trim());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Number of decimals a cell was printed with. */
    static int decimals(String cell) {
        int dot = cell.indexOf('.');
        return dot < 0 ? 0 : cell.length() - dot - 1;
    }

    /** A Coinbase candle file from ta4j-examples ({"candles":[{start, low, high, open, close, volume}]}). */
    static CandleSeries coinbase(String resource) {
        JsonNode root = JSON.readTree(text(resource));
        CandleSeries.Builder builder = CandleSeries.builder();
        for (JsonNode c : root.get("candles")) {
            builder.add(Long.parseLong(c.get("start").asString()) * 1000,
                    Double.parseDouble(c.get("open").asString()), Double.parseDouble(c.get("high").asString()),
                    Double.parseDouble(c.get("low").asString()), Double.parseDouble(c.get("close").asString()),
                    Double.parseDouble(c.get("volume").asString()));
        }
        return builder.build();
    }

    static CandleSeries btc4h() {
        return coinbase("data/Coinbase-BTC-USD-PT4H-20160518_20251028.json");
    }

    static CandleSeries eth4h() {
        return coinbase("data/Coinbase-ETH-USD-PT4H-20160518_20251028.json");
    }
}
