package io.coinlens.portfolio.transaction;

import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.holdings.Ledger;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.portfolio.PortfolioRepository;
import io.coinlens.portfolio.web.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Changes to a ledger. Each change runs in one database transaction that locks the portfolios it touches, stores the
 * change, replays the whole ledger (a backdated sale can break what follows it) and rolls everything back if any
 * point of the ledger would hold less than it gives away.
 */
@Service
public class TransactionService {

    private final PortfolioRepository portfolios;
    private final TransactionRepository transactions;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final PortfolioProperties properties;

    TransactionService(PortfolioRepository portfolios, TransactionRepository transactions, TransactionalOperator tx,
            Clock clock, PortfolioProperties properties) {
        this.portfolios = portfolios;
        this.transactions = transactions;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Portfolio> owned(UUID portfolioId, String user) {
        return portfolios.findOwned(portfolioId, user).switchIfEmpty(Mono.error(() -> notFound(portfolioId)));
    }

    /** Records one transaction; a TRANSFER records both sides and returns the sending one. */
    Mono<Transaction> record(String user, UUID portfolioId, NewTransaction request) {
        return tx.transactional(Mono.defer(() -> lockWritable(portfolioId, user).flatMap(source -> {
            List<ApiProblem.FieldProblem> problems = request.problems(source, clock.instant(), properties.assets());
            if (!problems.isEmpty()) {
                return Mono.error(ApiProblem.invalidFields(problems));
            }
            if (!request.isTransfer()) {
                return transactions.insert(toTransaction(source.id(), request, request.storedType(), null, null))
                        .flatMap(stored -> check(source).thenReturn(stored));
            }
            return transfer(user, source, request);
        })));
    }

    private Mono<Transaction> transfer(String user, Portfolio source, NewTransaction request) {
        return lockWritable(request.toPortfolioId(), user).flatMap(destination -> {
            if (!destination.quoteCurrency().equals(source.quoteCurrency())) {
                return Mono.error(ApiProblem.unprocessable("Both portfolios of a transfer must have the same quote "
                        + "currency; " + source.quoteCurrency() + " and " + destination.quoteCurrency() + " differ."));
            }
            UUID transferId = UUID.randomUUID();
            return transactions.insert(toTransaction(source.id(), request, TransactionType.TRANSFER_OUT, null, transferId))
                    .flatMap(out -> replay(source, out.id()).flatMap(carried -> {
                        // The units arrive with the cost they had; per unit at 18 places, as the column stores it.
                        BigDecimal unitCost = carried.divide(out.quantity(), 18, RoundingMode.HALF_EVEN);
                        NewTransaction incoming = new NewTransaction("DEPOSIT", request.asset(), request.quantity(),
                                unitCost, BigDecimal.ZERO, request.executedAt(), null, request.note());
                        return transactions.insert(toTransaction(destination.id(), incoming,
                                        TransactionType.TRANSFER_IN, unitCost, transferId))
                                .then(check(destination))
                                .thenReturn(out);
                    }));
        });
    }

    /**
     * Records transactions from another source (an exchange import) all or nothing, leaving out those whose note is
     * already in the portfolio, so importing again adds only what is new. Returns how many were recorded.
     */
    public Mono<Integer> importNew(String user, UUID portfolioId, List<NewTransaction> candidates) {
        return tx.transactional(Mono.defer(() -> lockWritable(portfolioId, user)
                .flatMap(portfolio -> transactions.notes(portfolio.id()).collect(java.util.stream.Collectors.toSet()))
                .flatMap(known -> importAll(user, portfolioId, new TransactionCsv.Parsed(candidates.stream()
                        .filter(t -> t.note() == null || !known.contains(t.note())).toList(), List.of())))));
    }

    /** Imports rows as one unit: all of them, or (on the first broken rule) none. */
    Mono<Integer> importAll(String user, UUID portfolioId, TransactionCsv.Parsed parsed) {
        List<NewTransaction> rows = parsed.rows();
        return tx.transactional(Mono.defer(() -> lockWritable(portfolioId, user).flatMap(portfolio -> {
            List<ApiProblem.RowProblem> problems = new ArrayList<>(parsed.problems());
            for (int i = 0; i < rows.size(); i++) {
                NewTransaction row = rows.get(i);
                int rowNumber = i + 2;
                if (row == null) {
                    continue;
                }
                row.problems(portfolio, clock.instant(), properties.assets())
                        .forEach(p -> problems.add(new ApiProblem.RowProblem(rowNumber, p.field(), p.message())));
                if (row.isTransfer()) {
                    problems.add(new ApiProblem.RowProblem(rowNumber, "type",
                            "transfers are not imported; record them with the API so both portfolios get their side"));
                }
            }
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(ApiProblem.RowProblem::row));
                return Mono.error(ApiProblem.invalidRows(problems));
            }
            if (rows.isEmpty()) {
                return Mono.just(0);
            }
            Map<UUID, Integer> rowOf = new java.util.HashMap<>();
            return Flux.range(0, rows.size())
                    .concatMap(i -> transactions.insert(toTransaction(portfolio.id(), rows.get(i),
                            rows.get(i).storedType(), null, null)).doOnNext(t -> rowOf.put(t.id(), i + 2)))
                    .then(replay(portfolio, null).onErrorMap(Ledger.Violation.class, v -> {
                        Integer row = rowOf.get(v.transaction().id());
                        ApiProblem problem = ApiProblem.unprocessable((row == null ? "" : "Row " + row + ": ")
                                + v.getMessage() + " Nothing was imported.");
                        if (row != null) {
                            problem.getBody().setProperty("row", row);
                        }
                        return problem;
                    }))
                    .thenReturn(rows.size());
        })));
    }

    /** Deletes a transaction; for a transfer, both sides. */
    Mono<Void> delete(String user, UUID portfolioId, UUID transactionId) {
        return tx.transactional(Mono.defer(() -> lockWritable(portfolioId, user)
                .flatMap(portfolio -> transactions.find(portfolioId, transactionId)
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(
                                "There is no transaction " + transactionId + " in this portfolio.")))
                        .flatMap(found -> found.transferId() == null
                                ? transactions.delete(found.id()).then(check(portfolio))
                                : transactions.transferLegs(found.transferId())
                                        // Lock in a fixed order, so two deletions cannot wait for each other.
                                        .sort(Comparator.comparing(Transaction::portfolioId))
                                        .concatMap(leg -> lockWritable(leg.portfolioId(), user)
                                                .flatMap(owner -> transactions.delete(leg.id()).thenReturn(owner)))
                                        .concatMap(this::check)
                                        .then()))));
    }

    private Mono<Portfolio> lockWritable(UUID portfolioId, String user) {
        return portfolios.lockOwned(portfolioId, user)
                .switchIfEmpty(Mono.error(() -> notFound(portfolioId)))
                .flatMap(p -> p.archived()
                        ? Mono.error(ApiProblem.conflict("Portfolio " + p.id() + " is archived; restore it to change it."))
                        : Mono.just(p));
    }

    private Mono<Void> check(Portfolio portfolio) {
        return replay(portfolio, null).onErrorMap(Ledger.Violation.class, v -> ApiProblem.unprocessable(v.getMessage()))
                .then();
    }

    /** Replays the stored ledger; returns the cost the given transaction took out of it (zero if none given). */
    private Mono<BigDecimal> replay(Portfolio portfolio, UUID watched) {
        return transactions.ledger(portfolio.id()).collectList().map(ledger -> {
            Ledger replay = new Ledger(portfolio.costBasisMethod(), portfolio.allowShort(), portfolio.quoteCurrency());
            BigDecimal taken = BigDecimal.ZERO;
            for (Transaction t : ledger) {
                BigDecimal cost = replay.apply(t);
                if (t.id().equals(watched)) {
                    taken = cost;
                }
            }
            return taken;
        });
    }

    private Transaction toTransaction(UUID portfolioId, NewTransaction r, TransactionType type, BigDecimal price,
            UUID transferId) {
        return new Transaction(UUID.randomUUID(), portfolioId, 0, type, r.asset(), r.quantity(),
                price != null ? price : r.price(), r.fee() == null ? BigDecimal.ZERO : r.fee(), r.executedAt(),
                transferId, r.note(), clock.instant());
    }

    static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("There is no portfolio " + id + ".");
    }
}
