package io.coinlens.devstack;

import io.coinlens.contracts.Topic;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A single-node KRaft broker in its own JVM, from the kafka_2.13 jars on devstack's classpath. */
final class LocalKafka {

    private LocalKafka() {
    }

    static Path writeConfig(Path home, Path logDirs, int port, int controllerPort) {
        // One node: internal topics cannot be replicated, or transactions and the idempotent producer would hang.
        String config = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=6
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=6
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=168
                log.segment.bytes=67108864
                """.formatted(port, controllerPort, logDirs.toAbsolutePath());
        try {
            Path file = home.resolve("run").resolve("kafka-server.properties");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats the log directory once; a formatted directory keeps its cluster id and data across restarts. */
    static void formatIfNeeded(Path logDirs, Path config, List<String> javaCommand, Path log) {
        if (Files.exists(logDirs.resolve("meta.properties"))) {
            return;
        }
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()));
        try {
            Files.createDirectories(logDirs);
            Process format = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new StartupException("formatting the Kafka log directory failed (see " + log + ")");
            }
        } catch (IOException e) {
            throw new StartupException("cannot format the Kafka log directory: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while formatting Kafka storage");
        }
    }

    /** Waits until the broker answers, then creates every Coinlens topic and its dead-letter topic if missing. */
    static List<String> createTopics(String bootstrap, long deadlineNanos) {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            Set<String> existing = null;
            while (existing == null) {
                try {
                    existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadlineNanos) {
                        throw new StartupException("Kafka did not answer in time: " + e.getMessage());
                    }
                }
            }
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), topic.partitions(), (short) 1));
                }
                if (!existing.contains(topic.deadLetterTopicName())) {
                    missing.add(new NewTopic(topic.deadLetterTopicName(), Topic.DEAD_LETTER_PARTITIONS, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new StartupException("cannot create Kafka topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while creating Kafka topics");
        }
    }
}
