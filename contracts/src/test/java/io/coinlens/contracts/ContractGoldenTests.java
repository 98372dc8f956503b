package io.coinlens.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** Every event round-trips record ⇄ JSON ⇄ schema, and every bad event is rejected with a reason. */
class ContractGoldenTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** Bad golden file → the words its rejection reason must contain. */
    private static final Map<String, String> EXPECTED_REASONS = Map.ofEntries(
            entry("TradeRecorded--negative-price", "price must be positive"),
            entry("TradeRecorded--zero-quantity", "quantity must be positive"),
            entry("TradeRecorded--missing-price", "price is required"),
            entry("TradeRecorded--missing-trade-id", "tradeId"),
            entry("TradeRecorded--native-symbol", "'BTCUSDT' is not a canonical symbol"),
            entry("TradeRecorded--lowercase-symbol", "'btc-usdt' is not a canonical symbol"),
            entry("TradeRecorded--not-json", "malformed JSON"),
            entry("CandleUpdated--unknown-interval", "unknown interval '2m'"),
            entry("CandleUpdated--missing-close", "close is required"),
            entry("CandleUpdated--bad-source", "source 'guess'"),
            entry("CandleUpdated--high-below-low", "high must not be below low"),
            entry("CandleUpdated--misaligned-open-time", "openTime must be aligned"),
            entry("IndicatorsComputed--missing-values", "values is required"),
            entry("IndicatorsComputed--bad-symbol", "'BTC/USDT' is not a canonical symbol"),
            entry("SignalRaised--bad-direction", "SIDEWAYS"),
            entry("SignalRaised--missing-kind", "kind is required"),
            entry("CorrelationComputed--out-of-range", "correlation must be within [-1.0, 1.0], was 1.5"),
            entry("CorrelationComputed--missing-other-symbol", "otherSymbol is required"),
            entry("CorrelationComputed--same-symbol", "otherSymbol must differ from symbol"),
            entry("SentimentScored--score-out-of-range", "score must be within [-1.0, 1.0]"),
            entry("SentimentScored--bad-label", "label 'bullish'"),
            entry("PredictionMade--probability-out-of-range", "probabilityUp must be within [0.0, 1.0]"),
            entry("PredictionMade--zero-horizon", "horizon must be at least 1"),
            entry("AlertTriggered--missing-user", "userId is required"),
            entry("UserRegistered--missing-user", "userId is required"),
            entry("UserDeleted--negative-time", "at must be a positive epoch millisecond"));

    /** Rules across fields that JSON Schema cannot state; the codec alone enforces them. */
    private static final Set<String> CODEC_ONLY = Set.of(
            "CandleUpdated--high-below-low", "CandleUpdated--misaligned-open-time", "CorrelationComputed--same-symbol");

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenEventRoundTripsThroughRecordJsonAndSchema(EventType type) throws IOException {
        byte[] golden = read("/golden/valid/" + type.id() + ".json");
        assertThat(schemaErrors(type, golden)).as("golden file against its schema").isEmpty();

        DecodeResult<CoinlensEvent> decoded = codec.decode(golden, type.id());
        assertThat(decoded).isInstanceOf(DecodeResult.Accepted.class);
        CoinlensEvent event = decoded.orElseThrow();
        assertThat(event).isInstanceOf(type.javaType());

        byte[] encoded = codec.encode(event);
        assertThat(JSON.readTree(encoded)).as("re-encoded JSON").isEqualTo(JSON.readTree(golden));
        assertThat(schemaErrors(type, encoded)).as("re-encoded JSON against its schema").isEmpty();
        assertThat(codec.decode(encoded, type.id()).orElseThrow()).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventIsRejectedWithItsReason(String name) throws IOException {
        EventType type = EventType.byId(name.substring(0, name.indexOf("--"))).orElseThrow();
        byte[] json = read("/golden/invalid/" + name + ".json");

        DecodeResult<CoinlensEvent> decoded = codec.decode(json, type.id());
        assertThat(decoded).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(((DecodeResult.Rejected<CoinlensEvent>) decoded).reason())
                .startsWith(type.id() + ":")
                .contains(EXPECTED_REASONS.get(name));

        if (!CODEC_ONLY.contains(name)) {
            assertThat(schemaRejects(type, json)).as("the schema rejects it too").isTrue();
        }
    }

    @Test
    void everyBadGoldenFileHasAnExpectedReasonAndEveryEventHasABadExample() {
        Set<String> files = badEvents().collect(Collectors.toSet());
        assertThat(files).containsExactlyInAnyOrderElementsOf(EXPECTED_REASONS.keySet());
        Set<String> typesWithBadExamples = files.stream().map(f -> f.substring(0, f.indexOf("--")))
                .collect(Collectors.toSet());
        assertThat(typesWithBadExamples)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values()).map(EventType::id).toList());
    }

    @Test
    void encodingAnInvalidEventFailsInsteadOfPublishingIt() {
        TradeRecorded bad = new TradeRecorded("binance", "BTC-USDT", 1, new java.math.BigDecimal("-1"),
                java.math.BigDecimal.ONE, false, 1L, 1L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.encode(bad))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("price must be positive");
    }

    @Test
    void unknownOrMissingTypeIdIsRejected() throws IOException {
        byte[] golden = read("/golden/valid/TradeRecorded.json");
        assertThat(codec.decode(golden, "io.coinlens.contracts.TradeRecorded"))
                .isEqualTo(new DecodeResult.Rejected<>("unknown event type 'io.coinlens.contracts.TradeRecorded'"));
        assertThat(codec.decode(golden, (String) null))
                .isEqualTo(new DecodeResult.Rejected<>("missing __TypeId__ header"));
        assertThat(codec.decode(new byte[0], "TradeRecorded"))
                .isEqualTo(new DecodeResult.Rejected<>("TradeRecorded: empty payload"));
        assertThat(codec.decode("null".getBytes(), "TradeRecorded"))
                .isInstanceOf(DecodeResult.Rejected.class);
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() throws IOException {
        JsonNode node = JSON.readTree(read("/golden/valid/TradeRecorded.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("venueRegion", "eu");
        assertThat(codec.decode(JSON.writeValueAsBytes(node), TradeRecorded.class))
                .isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void decimalsTravelAsStringsWithTheirScale() throws IOException {
        TradeRecorded trade = (TradeRecorded) codec.decode(read("/golden/valid/TradeRecorded.json"), "TradeRecorded")
                .orElseThrow();
        assertThat(trade.price()).hasToString("64123.45000000");
        assertThat(JSON.readTree(codec.encode(trade)).get("price").isTextual()).isTrue();
    }

    @Test
    void typeMappingsNameLogicalIdsOnly() {
        assertThat(EventType.springTypeMappings())
                .startsWith("TradeRecorded:io.coinlens.contracts.TradeRecorded,")
                .contains("UserDeleted:io.coinlens.contracts.UserDeleted");
        assertThat(Arrays.stream(EventType.values()).map(EventType::id)).noneMatch(id -> id.contains("."));
    }

    static Stream<String> badEvents() {
        try {
            URL dir = ContractGoldenTests.class.getResource("/golden/invalid");
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                return files.map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<ValidationMessage> schemaErrors(EventType type, byte[] json) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema " + type.schemaResource()).isNotNull();
            JsonSchema schema = SCHEMAS.getSchema(in);
            return schema.validate(JSON.readTree(json));
        }
    }

    private static boolean schemaRejects(EventType type, byte[] json) throws IOException {
        try {
            return !schemaErrors(type, json).isEmpty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return true;
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = ContractGoldenTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
