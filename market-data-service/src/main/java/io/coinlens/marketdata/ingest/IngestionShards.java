package io.coinlens.marketdata.ingest;

import java.util.List;

/** An exchange ingester, split into shards that can run on different replicas. */
public interface IngestionShards {

    List<? extends IngestionShard> shards();
}
