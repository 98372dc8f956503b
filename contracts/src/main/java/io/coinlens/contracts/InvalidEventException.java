package io.coinlens.contracts;

/** An event that breaks its contract. Retrying cannot help: it belongs on the dead-letter topic. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }
}
