package io.coinlens.portfolio.transaction;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionIntegrationTests extends PortfolioIntegrationTestBase {

    private static final String T1 = "2026-01-01T10:00:00Z";
    private static final String T2 = "2026-01-02T10:00:00Z";
    private static final String T3 = "2026-01-03T10:00:00Z";

    @Test
    void recordsTransactionsAndPagesTheLedgerNewestFirst() {
        String user = newUser();
        String p = createPortfolio(user);
        recorded(user, p, "BUY", "BTC", "0.5", "40000", "10", T1);
        recorded(user, p, "BUY", "BTC", "0.25", "42000.5", "0", T2);
        String sell = recorded(user, p, "SELL", "BTC", "0.1", "50000", "2.5", T3);

        Map<String, Object> first = ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/transactions?limit=2", user, null), 200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) first.get("items");
        assertThat(items).extracting(i -> i.get("id")).first().isEqualTo(sell);
        assertThat(items.get(0)).containsEntry("type", "SELL").containsEntry("fee", "2.5");
        assertThat(items.get(1)).containsEntry("price", "42000.5");
        Map<String, Object> second = ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/transactions?limit=2&cursor="
                + first.get("next"), user, null), 200);
        assertThat((List<?>) second.get("items")).hasSize(1);
        assertThat(second).doesNotContainKey("next");

        ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/transactions/" + sell, user, null), 200);
        call(HttpMethod.DELETE, "/api/v1/portfolios/" + p + "/transactions/" + sell, user, null).expectStatus().isNoContent();
        assertThat(ledger(user, p)).hasSize(2);
    }

    @Test
    void badInputsAreProblemsNamingTheFieldAndNothingIsStored() {
        String user = newUser();
        String p = createPortfolio(user);
        Map<String, Object> negative = problem(record(user, p, tx("BUY", "BTC", "-1", "100", T1)), 400);
        assertThat(fields(negative)).containsExactly("quantity");

        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        assertThat(fields(problem(record(user, p, tx("BUY", "BTC", "1", "100", tomorrow)), 400)))
                .containsExactly("executedAt");
        assertThat(fields(problem(record(user, p, tx("BUY", "BTC", "1", null, T1)), 400))).containsExactly("price");
        assertThat(fields(problem(record(user, p, tx("BUY", "BTC", "0.123456789", "1", T1)), 400)))
                .containsExactly("quantity"); // BTC has 8 decimal places
        assertThat(fields(problem(record(user, p, tx("STEAL", "btc", "1", "-5", T1)), 400)))
                .containsExactlyInAnyOrder("type", "asset", "price");
        Map<String, Object> fee = tx("BUY", "BTC", "1", "1", T1);
        fee.put("fee", "-1");
        assertThat(fields(problem(record(user, p, fee), 400))).containsExactly("fee");
        problem(call(HttpMethod.POST, "/api/v1/portfolios/" + p + "/transactions", user, "{\"quantity\": \"lots\"}"), 400);

        assertThat(ledger(user, p)).isEmpty();
    }

    @Test
    void sellingMoreThanIsHeldIsRefusedUnlessThePortfolioAllowsShorts() {
        String user = newUser();
        String p = createPortfolio(user);
        recorded(user, p, "BUY", "ETH", "1", "2000", null, T1);
        Map<String, Object> oversell = problem(record(user, p, tx("SELL", "ETH", "1.5", "2100", T2)), 422);
        assertThat((String) oversell.get("detail")).contains("only 1 held");
        assertThat(ledger(user, p)).hasSize(1);

        String shortable = createPortfolio(user, "Shorts", "USDT", null, true);
        recorded(user, shortable, "SELL", "ETH", "1.5", "2100", null, T2);
        assertThat(ledger(user, shortable)).hasSize(1);
    }

    @Test
    void aBackdatedSaleOrADeletedPurchaseThatWouldBreakLaterEntriesIsRefused() {
        String user = newUser();
        String p = createPortfolio(user);
        String buy = recorded(user, p, "BUY", "SOL", "10", "100", null, T2);
        recorded(user, p, "SELL", "SOL", "10", "120", null, T3);

        // Before the purchase nothing was held.
        problem(record(user, p, tx("SELL", "SOL", "1", "90", T1)), 422);
        // The later sale needs this purchase.
        problem(call(HttpMethod.DELETE, "/api/v1/portfolios/" + p + "/transactions/" + buy, user, null), 422);
        assertThat(ledger(user, p)).hasSize(2);
    }

    @Test
    void aTransferMovesUnitsWithTheirCostAndDeletingOneSideDeletesBoth() {
        String user = newUser();
        String from = createPortfolio(user, "Exchange", "USDT", "FIFO", false);
        String to = createPortfolio(user, "Cold wallet", "USDT", "AVERAGE", false);
        recorded(user, from, "BUY", "ETH", "2", "100", null, T1);
        recorded(user, from, "BUY", "ETH", "1", "130", null, T2);
        Map<String, Object> transfer = tx("TRANSFER", "ETH", "2.5", null, T3);
        transfer.put("toPortfolioId", to);
        String out = (String) ok(record(user, from, transfer), 201).get("id");

        Map<String, Object> in = ledger(user, to).get(0);
        assertThat(in).containsEntry("type", "TRANSFER_IN").containsEntry("quantity", "2.5");
        assertThat(in).containsEntry("price", "106"); // (200 + 0.5 * 130) / 2.5
        assertThat(in.get("transferId")).isEqualTo(ledger(user, from).get(0).get("transferId"));

        call(HttpMethod.DELETE, "/api/v1/portfolios/" + from + "/transactions/" + out, user, null)
                .expectStatus().isNoContent();
        assertThat(ledger(user, to)).isEmpty();
        assertThat(ledger(user, from)).hasSize(2);
    }

    @Test
    void aTransferToSomeoneElsesPortfolioIsNotFoundAndStoresNothing() {
        String user = newUser();
        String from = createPortfolio(user);
        String foreign = createPortfolio(newUser());
        recorded(user, from, "BUY", "BTC", "1", "100", null, T1);
        Map<String, Object> transfer = tx("TRANSFER", "BTC", "1", null, T2);
        transfer.put("toPortfolioId", foreign);
        problem(record(user, from, transfer), 404);
        assertThat(ledger(user, from)).hasSize(1);
    }

    @Test
    void aTransferWhoseUnitsWereSoldCannotBeUndoneAndNeitherSideChanges() {
        String user = newUser();
        String from = createPortfolio(user, "A", "USDT", null, false);
        String to = createPortfolio(user, "B", "USDT", null, false);
        recorded(user, from, "BUY", "BTC", "1", "100", null, T1);
        Map<String, Object> transfer = tx("TRANSFER", "BTC", "1", null, T2);
        transfer.put("toPortfolioId", to);
        String out = (String) ok(record(user, from, transfer), 201).get("id");
        recorded(user, to, "SELL", "BTC", "1", "150", null, T3);

        problem(call(HttpMethod.DELETE, "/api/v1/portfolios/" + from + "/transactions/" + out, user, null), 422);
        assertThat(ledger(user, from)).hasSize(2);
        assertThat(ledger(user, to)).hasSize(2);
    }

    @Test
    void aTransferNeedsTheSameQuoteCurrencyOnBothSides() {
        String user = newUser();
        String from = createPortfolio(user, "USDT one", "USDT", null, false);
        String to = createPortfolio(user, "EUR one", "EUR", null, false);
        recorded(user, from, "BUY", "BTC", "1", "100", null, T1);
        Map<String, Object> transfer = tx("TRANSFER", "BTC", "1", null, T2);
        transfer.put("toPortfolioId", to);
        problem(record(user, from, transfer), 422);
        assertThat(ledger(user, from)).hasSize(1);
        assertThat(ledger(user, to)).isEmpty();
    }

    @Test
    void anArchivedPortfolioTakesNoNewTransactions() {
        String user = newUser();
        String p = createPortfolio(user);
        ok(call(HttpMethod.PATCH, "/api/v1/portfolios/" + p, user, Map.of("archived", true)), 200);
        problem(record(user, p, tx("BUY", "BTC", "1", "100", T1)), 409);
    }

    @Test
    void aCsvImportStoresEveryRowOrWithAReportOfEachBadRowNone() {
        String user = newUser();
        String p = createPortfolio(user);
        String good = """
                executedAt,type,asset,quantity,price,fee,note
                2026-01-01T10:00:00Z,BUY,BTC,0.5,40000,10,"first, with a comma"
                2026-01-02T10:00:00Z,sell,BTC,0.2,45000,1.5,
                """;
        assertThat(importCsv(user, p, good).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody()).containsEntry("imported", 2);
        assertThat(ledger(user, p)).hasSize(2);

        String bad = """
                executedAt,type,asset,quantity,price,fee,note
                2026-01-03T10:00:00Z,BUY,ETH,1,2000,0,fine
                yesterday,BUY,ETH,1,2000,0,
                2026-01-03T10:00:00Z,BUY,ETH,-1,2000,0,
                2026-01-03T10:00:00Z,BUY,ETH,1,two thousand,0,
                2026-01-03T10:00:00Z,BUY,ETH,1
                2099-01-01T00:00:00Z,BUY,ETH,1,2000,0,
                """;
        Map<String, Object> report = problem(importCsv(user, p, bad), 400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) report.get("errors");
        assertThat(errors).extracting(e -> e.get("row")).containsExactly(3, 4, 5, 6, 7);
        assertThat(errors).extracting(e -> e.get("field")).containsExactly("executedAt", "quantity", "price", null,
                "executedAt");
        assertThat(ledger(user, p)).hasSize(2);

        String oversell = """
                executedAt,type,asset,quantity,price
                2026-01-04T10:00:00Z,BUY,ETH,1,2000
                2026-01-05T10:00:00Z,SELL,BTC,5,50000
                """;
        Map<String, Object> refused = problem(importCsv(user, p, oversell), 422);
        assertThat(refused).containsEntry("row", 3);
        assertThat(ledger(user, p)).hasSize(2);

        problem(importCsv(user, p, "executedAt,\"type\n"), 400);
        problem(importCsv(user, p, "when,what\n2026-01-01T00:00:00Z,BUY\n"), 400);
    }

    @Test
    void anImportLargerThanTheLimitIsRefusedWith413() {
        String user = newUser();
        String p = createPortfolio(user);
        String row = "2026-01-01T10:00:00Z,BUY,BTC,0.001,40000,0,padding padding padding padding padding\n";
        String csv = "executedAt,type,asset,quantity,price,fee,note\n" + row.repeat(1_100_000 / row.length());
        problem(importCsv(user, p, csv), 413);
        assertThat(ledger(user, p)).isEmpty();
    }

    @Test
    void anExportImportsIntoAnotherPortfolioUnchangedAndDefusesSpreadsheetFormulas() {
        String user = newUser();
        String p = createPortfolio(user);
        Map<String, Object> buy = tx("BUY", "BTC", "0.5", "40000", T1);
        buy.put("note", "=HYPERLINK(\"http://evil\")");
        ok(record(user, p, buy), 201);
        recorded(user, p, "SELL", "BTC", "0.2", "45000", "1.5", T2);

        String csv = web.get().uri("/api/v1/portfolios/" + p + "/transactions/export")
                .headers(h -> h.setBearerAuth(token(user))).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("id,executedAt,type,asset,quantity,price,fee,transferId,note\r\n")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");

        String copy = createPortfolio(user, "Copy", "USDT", null, false);
        importCsv(user, copy, csv).expectStatus().isOk();
        assertThat(ledger(user, copy)).extracting(t -> t.get("type") + " " + t.get("quantity") + " " + t.get("price"))
                .containsExactly("SELL 0.2 45000", "BUY 0.5 40000");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec importCsv(String user, String p,
            String csv) {
        return web.post().uri("/api/v1/portfolios/" + p + "/transactions/import")
                .headers(h -> h.setBearerAuth(token(user)))
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange();
    }

    private static Map<String, Object> tx(String type, String asset, String quantity, String price, String at) {
        Map<String, Object> tx = new HashMap<>();
        tx.put("type", type);
        tx.put("asset", asset);
        tx.put("quantity", quantity);
        if (price != null) {
            tx.put("price", price);
        }
        tx.put("executedAt", at);
        return tx;
    }
}
