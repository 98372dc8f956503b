package io.coinlens.portfolio.exchangekey;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.coinlens.portfolio.holdings.Ledger;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.transaction.NewTransaction;
import io.coinlens.portfolio.transaction.TransactionRepository;
import io.coinlens.portfolio.transaction.TransactionService;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The signed-in user's exchange API keys: stored sealed, never returned (a four-character hint is), and used to
 * import fills from Binance into a portfolio and reconcile its holdings with the exchange's balances. Someone else's
 * key or portfolio answers 404.
 */
@RestController
@RequestMapping("/api/v1/exchange-keys")
@Tag(name = "exchange keys")
@SecurityRequirement(name = "bearer")
class ExchangeKeyController {

    static final int MAX_PER_USER = 5;

    record AddKey(@NotBlank @Pattern(regexp = "binance", message = "must be binance") String exchange,
            @Size(max = 100) String label,
            @NotBlank @Size(max = 128) String apiKey,
            @NotBlank @Size(max = 128) String apiSecret) {
    }

    record ImportRequest(@NotNull UUID portfolioId, List<@Pattern(regexp = "[A-Z0-9]{2,20}") String> symbols) {
    }

    /** An asset as the exchange reports it and as the portfolio's transactions add up. */
    record Reconciled(String asset, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exchange,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal recorded,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal difference) {
    }

    record ImportResult(int fillsRead, int imported, List<Reconciled> reconciliation) {
    }

    private final ExchangeKeyRepository keys;
    private final KeyVault vault;
    private final BinanceAccount binance;
    private final TransactionService transactions;
    private final TransactionRepository ledger;
    private final ExchangeKeyProperties settings;
    private final Clock clock;

    ExchangeKeyController(ExchangeKeyRepository keys, KeyVault vault, BinanceAccount binance,
            TransactionService transactions, TransactionRepository ledger, ExchangeKeyProperties settings, Clock clock) {
        this.keys = keys;
        this.vault = vault;
        this.binance = binance;
        this.transactions = transactions;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Store a Binance API key (read-only permissions suffice); it is checked against Binance first")
    Mono<ResponseEntity<ExchangeKey>> add(@Valid @RequestBody AddKey request) {
        return configured().then(CurrentUser.id()).flatMap(user -> keys.countOwned(user).flatMap(count -> {
            if (count >= MAX_PER_USER) {
                return Mono.error(ApiProblem.conflict("A user may store at most " + MAX_PER_USER + " exchange keys."));
            }
            return binance.balances(request.apiKey(), request.apiSecret()).then(Mono.defer(() -> {
                UUID id = UUID.randomUUID();
                String aad = ExchangeKey.associatedData(id, user);
                String key = request.apiKey().strip();
                return keys.insert(new ExchangeKey(id, user, request.exchange(),
                        request.label() == null ? "" : request.label().strip(),
                        "…" + key.substring(Math.max(0, key.length() - 4)), vault.seal(key, aad),
                        vault.seal(request.apiSecret().strip(), aad), clock.instant(), null));
            }));
        })).map(k -> ResponseEntity.created(URI.create("/api/v1/exchange-keys/" + k.id())).body(k));
    }

    @GetMapping
    @Operation(summary = "Your exchange keys (hints only)")
    Flux<ExchangeKey> list() {
        return CurrentUser.id().flatMapMany(keys::listOwned);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of your exchange keys (hint only)")
    Mono<ExchangeKey> get(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> owned(id, user));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Forget an exchange key")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> keys.deleteOwned(id, user))
                .flatMap(n -> n == 0 ? Mono.error(notFound()) : Mono.empty());
    }

    @PostMapping("/{id}/import")
    @Operation(summary = "Import the account's fills into a portfolio (only new ones) and reconcile its holdings "
            + "with the exchange's balances")
    Mono<ImportResult> importFills(@PathVariable UUID id, @Valid @RequestBody ImportRequest request) {
        return configured().then(CurrentUser.id()).flatMap(user -> owned(id, user)
                .zipWith(transactions.owned(request.portfolioId(), user))
                .flatMap(both -> importInto(both.getT1(), both.getT2(), user,
                        request.symbols() == null || request.symbols().isEmpty() ? settings.symbols()
                                : request.symbols())));
    }

    private Mono<ImportResult> importInto(ExchangeKey key, Portfolio portfolio, String user, List<String> symbols) {
        String quote = portfolio.quoteCurrency();
        for (String symbol : symbols) {
            if (!symbol.endsWith(quote) || symbol.length() == quote.length()) {
                return Mono.error(ApiProblem.invalidField("symbols", symbol + " is not quoted in the portfolio's "
                        + "currency " + quote));
            }
        }
        String aad = ExchangeKey.associatedData(key.id(), key.userId());
        String apiKey = vault.open(key.sealedKey(), aad);
        String apiSecret = vault.open(key.sealedSecret(), aad);
        return Flux.fromIterable(symbols)
                .concatMap(symbol -> binance.fills(apiKey, apiSecret, symbol))
                .collectList()
                .flatMap(pages -> {
                    List<NewTransaction> candidates = new ArrayList<>();
                    pages.forEach(fills -> fills.forEach(f -> candidates.addAll(toTransactions(f, quote))));
                    int read = pages.stream().mapToInt(List::size).sum();
                    return transactions.importNew(user, portfolio.id(), candidates)
                            .flatMap(imported -> reconcile(portfolio, apiKey, apiSecret)
                                    .map(r -> new ImportResult(read, imported, r)));
                })
                .flatMap(result -> keys.used(key.id(), clock.instant()).thenReturn(result));
    }

    /** A fill becomes a BUY or SELL priced in the quote; a commission in another asset becomes a FEE of it. */
    static List<NewTransaction> toTransactions(BinanceAccount.Fill f, String quote) {
        String base = f.symbol().substring(0, f.symbol().length() - quote.length());
        String note = "binance:" + f.symbol() + ":" + f.id();
        boolean quoteFee = f.commissionAsset().equals(quote);
        List<NewTransaction> out = new ArrayList<>(2);
        out.add(new NewTransaction(f.buyer() ? "BUY" : "SELL", base, f.qty(), f.price(),
                quoteFee ? f.commission() : BigDecimal.ZERO, f.time(), null, note));
        if (!quoteFee && f.commission().signum() > 0) {
            out.add(new NewTransaction("FEE", f.commissionAsset(), f.commission(), null, null, f.time(), null,
                    note + ":fee"));
        }
        return out;
    }

    private Mono<List<Reconciled>> reconcile(Portfolio portfolio, String apiKey, String apiSecret) {
        return binance.balances(apiKey, apiSecret).zipWith(ledger.ledger(portfolio.id()).collectList())
                .map(both -> {
                    Map<String, BigDecimal> exchange = both.getT1();
                    Ledger replayed = Ledger.replay(portfolio.costBasisMethod(), portfolio.allowShort(),
                            portfolio.quoteCurrency(), both.getT2());
                    TreeSet<String> assets = new TreeSet<>(exchange.keySet());
                    replayed.positions().values().stream().filter(Ledger.Position::isOpen)
                            .forEach(p -> assets.add(p.asset()));
                    assets.remove(portfolio.quoteCurrency());
                    List<Reconciled> rows = new ArrayList<>();
                    for (String asset : assets) {
                        BigDecimal onExchange = exchange.getOrDefault(asset, BigDecimal.ZERO);
                        BigDecimal recorded = replayed.positions().containsKey(asset)
                                ? replayed.positions().get(asset).quantity() : BigDecimal.ZERO;
                        rows.add(new Reconciled(asset, onExchange.stripTrailingZeros(), recorded.stripTrailingZeros(),
                                onExchange.subtract(recorded).stripTrailingZeros()));
                    }
                    return rows;
                });
    }

    private Mono<Void> configured() {
        return vault.configured() ? Mono.empty()
                : Mono.error(ApiProblem.unavailable("Exchange keys are not enabled on this server.",
                        Duration.ofHours(1)));
    }

    private Mono<ExchangeKey> owned(UUID id, String user) {
        return keys.findOwned(id, user).switchIfEmpty(Mono.error(notFound()));
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("No such exchange key.");
    }
}
