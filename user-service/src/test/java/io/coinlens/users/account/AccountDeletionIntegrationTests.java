package io.coinlens.users.account;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.UserDeleted;
import io.coinlens.contracts.UserRegistered;
import io.coinlens.testing.Infrastructure;
import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.coinlens.users.support.Problems.assertProblem;
import static io.coinlens.users.support.Problems.invalidFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountDeletionIntegrationTests extends UserServiceTestBase {

    private final EventCodec codec = new EventCodec();
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void listenToUserEvents() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topic.USER_EVENTS.topicName()));
    }

    @AfterEach
    void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    @Test
    void deletingTheAccountPublishesUserDeletedAndEndsTheAccount() {
        Account account = api.register();
        Tokens tokens = api.login(account);

        api.send(HttpMethod.DELETE, "/api/v1/users/me", tokens.accessToken(), Map.of("password", account.password()))
                .expectStatus().isNoContent();

        List<ConsumerRecord<String, byte[]>> events = eventsFor(account.id(), 2);
        assertThat(events).extracting(this::typeOf).containsExactly("UserRegistered", "UserDeleted");
        ConsumerRecord<String, byte[]> deleted = events.get(1);
        UserDeleted event = (UserDeleted) codec.decode(deleted.value(), typeOf(deleted)).orElseThrow();
        assertThat(event.userId()).isEqualTo(account.id());
        assertThat(Instant.ofEpochMilli(event.at())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        UserRegistered registered = (UserRegistered) codec.decode(events.get(0).value(), typeOf(events.get(0))).orElseThrow();
        assertThat(registered.userId()).isEqualTo(account.id());

        assertProblem(api.attemptLogin(account.email(), account.password()), 401);
        assertProblem(api.get("/api/v1/users/me", tokens.accessToken()), 401);
        assertThat(count("select count(*) from outbox where event_key = $1", account.id())).as("relayed outbox rows").isZero();
    }

    @Test
    void deletionKeepsTheAuditTrailWithoutTheEmail() {
        Account account = api.register();
        Tokens tokens = api.login(account);
        UUID id = UUID.fromString(account.id());

        api.send(HttpMethod.DELETE, "/api/v1/users/me", tokens.accessToken(), Map.of("password", account.password()))
                .expectStatus().isNoContent();

        assertThat(count("select count(*) from users where id = $1", id)).isZero();
        assertThat(count("select count(*) from preferences where user_id = $1", id)).isZero();
        assertThat(count("select count(*) from token_families where user_id = $1", id)).isZero();
        assertThat(count("select count(*) from audit_log where user_id = $1", id)).isGreaterThanOrEqualTo(3);
        assertThat(count("select count(*) from audit_log where action = 'ACCOUNT_DELETED' and user_id = $1", id)).isEqualTo(1);
        assertThat(count("select count(*) from audit_log where position(lower($1) in lower(audit_log::text)) > 0",
                account.email())).as("audit rows mentioning the email").isZero();
    }

    @Test
    void deletionNeedsThePasswordAgain() {
        Account account = api.register();
        Tokens tokens = api.login(account);

        assertThat(invalidFields(assertProblem(api.send(HttpMethod.DELETE, "/api/v1/users/me", tokens.accessToken(),
                Map.of("password", "surely not it")), 400))).containsExactly("password");
        assertProblem(api.send(HttpMethod.DELETE, "/api/v1/users/me", null, Map.of("password", account.password())), 401);

        assertThat(api.accepts(tokens.accessToken())).isTrue();
        assertThat(count("select count(*) from audit_log where action = 'ACCOUNT_DELETION_FAILED' and user_id = $1",
                UUID.fromString(account.id()))).isEqualTo(1);
    }

    @Test
    void theAuditLogIsAppendOnly() {
        Account account = api.register();
        UUID id = UUID.fromString(account.id());
        assertThatThrownBy(() -> db.sql("update audit_log set action = 'NOTHING_HAPPENED' where user_id = :id")
                .bind("id", id).then().block(Duration.ofSeconds(5)))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("delete from audit_log where user_id = :id")
                .bind("id", id).then().block(Duration.ofSeconds(5)))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("truncate audit_log").then().block(Duration.ofSeconds(5)))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(count("select count(*) from audit_log where action = 'REGISTERED' and user_id = $1", id)).isEqualTo(1);
    }

    private List<ConsumerRecord<String, byte[]>> eventsFor(String userId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                if (userId.equals(record.key())) {
                    found.add(record);
                }
            });
        }
        return found;
    }

    private String typeOf(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(EventHeaders.TYPE_ID).value(), StandardCharsets.UTF_8);
    }
}
