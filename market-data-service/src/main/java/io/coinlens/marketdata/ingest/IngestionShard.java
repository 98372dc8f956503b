package io.coinlens.marketdata.ingest;

/**
 * A unit of ingestion that must have a single writer: one exchange connection (or group of streams on one). Started
 * on every replica when leader election is off, otherwise only on the replica that holds the shard's lease.
 */
public interface IngestionShard {

    /** Stable across restarts and replicas: it names the shard's lease. */
    String id();

    /** Connects; returns at once. Starting a running shard does nothing. */
    void start();

    /** Disconnects and checkpoints what was published, so the next leader resumes without a gap. */
    void stop();

    boolean isRunning();
}
