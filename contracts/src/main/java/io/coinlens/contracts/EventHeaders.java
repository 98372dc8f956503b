package io.coinlens.contracts;

/** Kafka header names that producers and consumers agree on. */
public final class EventHeaders {

    /** The logical event type id ({@link EventType#id()}); the name Spring Kafka's JSON serializer uses. */
    public static final String TYPE_ID = "__TypeId__";

    /** The request that caused this event, so one id can be followed from the edge through every service. */
    public static final String REQUEST_ID = "x-request-id";

    /** On a dead-letter record: why it was rejected, in words. */
    public static final String DLT_REASON = "coinlens-dlt-reason";

    private EventHeaders() {
    }
}
