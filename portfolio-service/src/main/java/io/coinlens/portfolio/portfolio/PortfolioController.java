package io.coinlens.portfolio.portfolio;

import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.holdings.CostBasisMethod;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Portfolios of the signed-in user. Someone else's portfolio answers 404, exactly like one that does not exist. */
@RestController
@RequestMapping("/api/v1/portfolios")
@Tag(name = "portfolios")
@SecurityRequirement(name = "bearer")
class PortfolioController {

    static final String QUOTE_PATTERN = "[A-Z0-9]{2,12}";

    record CreatePortfolio(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = QUOTE_PATTERN, message = "must be a currency code such as USDT") String quoteCurrency,
            CostBasisMethod costBasisMethod,
            Boolean allowShort) {
    }

    /** Absent fields stay as they are. */
    record UpdatePortfolio(@Size(min = 1, max = 100) String name, Boolean archived) {
    }

    private final PortfolioRepository portfolios;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final int maxPerUser;

    PortfolioController(PortfolioRepository portfolios, TransactionalOperator tx, Clock clock,
            PortfolioProperties properties) {
        this.portfolios = portfolios;
        this.tx = tx;
        this.clock = clock;
        this.maxPerUser = properties.limits().maxPerUser();
    }

    @PostMapping
    @Operation(summary = "Create a portfolio with its quote currency and cost-basis method (FIFO by default)")
    Mono<ResponseEntity<Portfolio>> create(@Valid @RequestBody CreatePortfolio request) {
        return CurrentUser.id().flatMap(user -> portfolios.countOwned(user).flatMap(count -> {
            if (count >= maxPerUser) {
                return Mono.error(ApiProblem.conflict("A user may have at most " + maxPerUser + " portfolios."));
            }
            var now = clock.instant();
            Portfolio portfolio = new Portfolio(UUID.randomUUID(), user, request.name().strip(),
                    request.quoteCurrency(),
                    request.costBasisMethod() == null ? CostBasisMethod.FIFO : request.costBasisMethod(),
                    Boolean.TRUE.equals(request.allowShort()), false, now, now);
            return portfolios.insert(portfolio);
        })).map(p -> ResponseEntity.created(URI.create("/api/v1/portfolios/" + p.id())).body(p));
    }

    @GetMapping
    @Operation(summary = "The user's portfolios, oldest first; archived ones only with includeArchived=true")
    Mono<List<Portfolio>> list(@RequestParam(defaultValue = "false") boolean includeArchived) {
        return CurrentUser.id().flatMapMany(user -> portfolios.listOwned(user, includeArchived)).collectList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One portfolio")
    Mono<Portfolio> get(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> owned(id, user));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename, archive (archived=true) or restore (archived=false) a portfolio")
    Mono<Portfolio> update(@PathVariable UUID id, @Valid @RequestBody UpdatePortfolio request) {
        return CurrentUser.id().flatMap(user -> owned(id, user).flatMap(current -> portfolios.update(id, user,
                        request.name() == null ? current.name() : request.name().strip(),
                        request.archived() == null ? current.archived() : request.archived(), clock.instant())
                .then(owned(id, user))));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a portfolio and its transactions")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> tx.transactional(portfolios.delete(id, user)))
                .flatMap(deleted -> deleted == 0 ? Mono.error(notFound(id)) : Mono.empty());
    }

    private Mono<Portfolio> owned(UUID id, String user) {
        return portfolios.findOwned(id, user).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("There is no portfolio " + id + ".");
    }
}
