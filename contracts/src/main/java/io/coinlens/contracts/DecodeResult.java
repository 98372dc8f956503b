package io.coinlens.contracts;

/** What came of reading an event off the wire: the event, or the reason it cannot be accepted. */
public sealed interface DecodeResult<T extends CoinlensEvent> {

    record Accepted<T extends CoinlensEvent>(T event) implements DecodeResult<T> {
    }

    record Rejected<T extends CoinlensEvent>(String reason) implements DecodeResult<T> {
    }

    /** The event, or an {@link InvalidEventException} carrying the reason. */
    default T orElseThrow() {
        if (this instanceof Accepted<T> accepted) {
            return accepted.event();
        }
        throw new InvalidEventException(((Rejected<T>) this).reason());
    }
}
