package io.coinlens.portfolio.alert;

import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading only the changed alerts, on the real database: a second {@link AlertBook} over the same tables stands for
 * another instance, which learns of changes only by reading them.
 */
class AlertChangesIntegrationTests extends AlertIntegrationTestBase {

    @Autowired
    AlertRepository repository;

    @Autowired
    DatabaseClient db;

    @Autowired
    AlertBook book;

    private AlertBook other;

    @BeforeEach
    void otherInstance() {
        other = new AlertBook(repository, Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        other.reload().block();
    }

    private List<UUID> priceAlerts(String symbol) {
        return other.forSymbol(symbol).stream().map(Alert::id).toList();
    }

    @Test
    void anotherInstanceSeesAlertsCreatedDisabledReenabledAndDeletedThroughTheApiOrTheDatabase() {
        String symbol = newSymbol("CH");
        String user = newUser();
        UUID id = UUID.fromString(create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100")));
        other.refresh().block();
        assertThat(priceAlerts(symbol)).containsExactly(id);

        db.sql("update alerts set enabled = false where id = :id").bind("id", id).fetch().rowsUpdated().block();
        other.refresh().block();
        assertThat(priceAlerts(symbol)).isEmpty();

        db.sql("update alerts set enabled = true where id = :id").bind("id", id).fetch().rowsUpdated().block();
        other.refresh().block();
        assertThat(priceAlerts(symbol)).containsExactly(id);

        call(HttpMethod.DELETE, "/api/v1/alerts/" + id, user, null).expectStatus().isNoContent();
        other.refresh().block();
        assertThat(priceAlerts(symbol)).isEmpty();
    }

    @Test
    void anotherInstanceSeesTheDrawdownAlertsOfADeletedPortfolioGo() {
        String user = newUser();
        String portfolio = createPortfolio(user);
        create(user, Map.of("kind", "drawdown", "portfolioId", portfolio, "percent", "10"));
        other.refresh().block();
        assertThat(other.of(AlertKind.DRAWDOWN, portfolio)).hasSize(1);

        call(HttpMethod.DELETE, "/api/v1/portfolios/" + portfolio, user, null).expectStatus().isNoContent();
        other.refresh().block();
        assertThat(other.of(AlertKind.DRAWDOWN, portfolio)).isEmpty();
    }

    @Test
    void anotherInstanceSeesAFiringAndItsRearming() throws Exception {
        String symbol = newSymbol("CF");
        String user = newUser();
        UUID id = UUID.fromString(create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100",
                "hysteresis", "5")));
        trades(symbol, "101");
        awaitHistory(user, 1);
        other.refresh().block();
        assertThat(other.forSymbol(symbol)).singleElement().satisfies(a -> assertThat(a.armed()).isFalse());

        trades(symbol, "90");
        drainTrades(symbol);
        other.refresh().block();
        assertThat(other.forSymbol(symbol)).filteredOn(a -> a.id().equals(id))
                .singleElement().satisfies(a -> assertThat(a.armed()).isTrue());
    }

    /**
     * A change committed after a later one was already read is still read: reads follow the oldest transaction still
     * running, not an order of commits.
     */
    @Test
    void aChangeCommittedAfterALaterChangeWasReadIsStillRead() throws Exception {
        String symbol = newSymbol("CL");
        UUID slow = UUID.randomUUID();
        UUID quick = UUID.randomUUID();
        try (Connection first = Infrastructure.postgres().getPostgresDatabase().getConnection();
                Connection second = Infrastructure.postgres().getPostgresDatabase().getConnection()) {
            first.setAutoCommit(false);
            insert(first, slow, symbol);
            other.refresh().block();
            assertThat(priceAlerts(symbol)).isEmpty();

            insert(second, quick, symbol);
            other.refresh().block();
            assertThat(priceAlerts(symbol)).containsExactly(quick);

            first.commit();
            other.refresh().block();
            assertThat(priceAlerts(symbol)).containsExactlyInAnyOrder(slow, quick);

            try (PreparedStatement delete = first.prepareStatement("delete from portfolio.alerts where id = ?")) {
                delete.setObject(1, slow);
                delete.executeUpdate();
            }
            other.refresh().block();
            assertThat(priceAlerts(symbol)).containsExactlyInAnyOrder(slow, quick);
            first.commit();
            other.refresh().block();
            assertThat(priceAlerts(symbol)).containsExactly(quick);
        }
    }

    @Test
    void thisInstancesBookHasAnAlertOnceItsCreationIsAnsweredAndLosesItOnceItsDeletionIs() {
        String symbol = newSymbol("CD");
        String user = newUser();
        UUID id = UUID.fromString(create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100")));
        assertThat(book.forSymbol(symbol)).extracting(Alert::id).containsExactly(id);
        call(HttpMethod.DELETE, "/api/v1/alerts/" + id, user, null).expectStatus().isNoContent();
        assertThat(book.forSymbol(symbol)).isEmpty();
    }

    private static void insert(Connection connection, UUID id, String symbol) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into portfolio.alerts (id, user_id, "
                + "symbol, direction, threshold, created_at) values (?, 'changes-test', ?, 'ABOVE', 100, now())")) {
            insert.setObject(1, id);
            insert.setString(2, symbol);
            insert.executeUpdate();
        }
    }
}
