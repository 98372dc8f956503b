package io.coinlens.devstack;

/** A reason the local run cannot start, written for the person who ran it. */
class StartupException extends RuntimeException {

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
