package io.coinlens.portfolio.transaction;

import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A portfolio's ledger. Every route first finds the portfolio among the caller's own, or answers 404. */
@RestController
@RequestMapping("/api/v1/portfolios/{portfolioId}/transactions")
@Tag(name = "transactions")
@SecurityRequirement(name = "bearer")
class TransactionController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final String CSV = "text/csv";

    /** A page, newest first; {@code next} is the cursor of the following page, absent on the last. */
    record Page(List<Transaction> items, String next) {
    }

    private final TransactionService service;
    private final TransactionRepository transactions;
    private final int maxImportRows;

    TransactionController(TransactionService service, TransactionRepository transactions, PortfolioProperties properties) {
        this.service = service;
        this.transactions = transactions;
        this.maxImportRows = properties.limits().maxImportRows();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a BUY, SELL, DEPOSIT, WITHDRAWAL, FEE, or a TRANSFER to another portfolio (toPortfolioId)")
    Mono<ResponseEntity<Transaction>> create(@PathVariable UUID portfolioId, @RequestBody NewTransaction request) {
        return CurrentUser.id().flatMap(user -> service.record(user, portfolioId, request))
                .map(t -> ResponseEntity.created(URI.create("/api/v1/portfolios/" + portfolioId + "/transactions/" + t.id()))
                        .body(t));
    }

    @GetMapping
    @Operation(summary = "The ledger, newest first, a page at a time (cursor from the previous page's 'next')")
    Mono<Page> list(@PathVariable UUID portfolioId, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.invalidField("limit", "must be between 1 and " + MAX_LIMIT));
        }
        Object[] position = decode(cursor);
        return CurrentUser.id().flatMap(user -> service.owned(portfolioId, user))
                .flatMap(p -> transactions.page(p.id(), (Instant) position[0], (Long) position[1], limit + 1)
                        .collectList())
                .map(items -> items.size() <= limit ? new Page(items, null)
                        : new Page(items.subList(0, limit), encode(items.get(limit - 1))));
    }

    @GetMapping("/{transactionId}")
    @Operation(summary = "One transaction")
    Mono<Transaction> get(@PathVariable UUID portfolioId, @PathVariable UUID transactionId) {
        return CurrentUser.id().flatMap(user -> service.owned(portfolioId, user))
                .flatMap(p -> transactions.find(p.id(), transactionId))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(
                        "There is no transaction " + transactionId + " in this portfolio.")));
    }

    @DeleteMapping("/{transactionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a transaction (both sides of a transfer); refused if a later sale would then oversell")
    Mono<Void> delete(@PathVariable UUID portfolioId, @PathVariable UUID transactionId) {
        return CurrentUser.id().flatMap(user -> service.delete(user, portfolioId, transactionId));
    }

    @PostMapping(path = "/import", consumes = {CSV, MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import CSV (executedAt,type,asset,quantity,price,fee,note): every row or, with a report of "
            + "each bad row, none")
    Mono<Map<String, Integer>> importCsv(@PathVariable UUID portfolioId, @RequestBody String csv) {
        return Mono.fromCallable(() -> TransactionCsv.parse(csv, maxImportRows))
                .flatMap(parsed -> CurrentUser.id().flatMap(user -> service.importAll(user, portfolioId, parsed)))
                .map(count -> Map.of("imported", count));
    }

    @GetMapping(path = "/export", produces = CSV)
    @Operation(summary = "The whole ledger as CSV, oldest first")
    Mono<ResponseEntity<String>> export(@PathVariable UUID portfolioId) {
        return CurrentUser.id().flatMap(user -> service.owned(portfolioId, user))
                .flatMap(p -> transactions.ledger(p.id()).map(TransactionCsv::row)
                        .reduce(new StringBuilder(TransactionCsv.header()), StringBuilder::append))
                .map(body -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"transactions-" + portfolioId + ".csv\"")
                        .contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
                        .body(body.toString()));
    }

    private static String encode(Transaction last) {
        String raw = last.executedAt().toString() + "|" + last.seq();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return new Object[] {null, null};
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Object[] {Instant.parse(raw.substring(0, bar)), Long.parseLong(raw.substring(bar + 1))};
        } catch (RuntimeException e) {
            throw ApiProblem.invalidField("cursor", "is not a cursor this API gave out");
        }
    }
}
