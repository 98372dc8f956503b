package io.coinlens.contracts;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Turns events into JSON bytes and back, checking every event against its contract on the way in. Thread-safe;
 * share one instance.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                // Additive changes within a topic version must not break older consumers.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public byte[] encode(CoinlensEvent event) {
        List<String> violations = event.violations();
        if (!violations.isEmpty()) {
            throw new InvalidEventException(EventType.of(event).id() + ": " + String.join("; ", violations));
        }
        return mapper.writeValueAsBytes(event);
    }

    /** Decodes by the logical type id from the record's header. */
    public DecodeResult<CoinlensEvent> decode(byte[] json, String typeId) {
        if (typeId == null) {
            return new DecodeResult.Rejected<>("missing " + EventHeaders.TYPE_ID + " header");
        }
        return EventType.byId(typeId)
                .map(type -> this.<CoinlensEvent>decodeAs(json, type.javaType()))
                .orElseGet(() -> new DecodeResult.Rejected<>("unknown event type '" + typeId + "'"));
    }

    public <T extends CoinlensEvent> DecodeResult<T> decode(byte[] json, Class<T> type) {
        return decodeAs(json, type);
    }

    private <T extends CoinlensEvent> DecodeResult<T> decodeAs(byte[] json, Class<? extends CoinlensEvent> type) {
        String name = type.getSimpleName();
        if (json == null || json.length == 0) {
            return new DecodeResult.Rejected<>(name + ": empty payload");
        }
        CoinlensEvent event;
        try {
            event = mapper.readValue(json, type);
        } catch (JacksonException e) {
            return new DecodeResult.Rejected<>(name + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return new DecodeResult.Rejected<>(name + ": " + e.getMessage());
        }
        if (event == null) {
            return new DecodeResult.Rejected<>(name + ": payload is JSON null");
        }
        List<String> violations = event.violations();
        if (!violations.isEmpty()) {
            return new DecodeResult.Rejected<>(name + ": " + String.join("; ", violations));
        }
        @SuppressWarnings("unchecked")
        T typed = (T) event;
        return new DecodeResult.Accepted<>(typed);
    }
}
