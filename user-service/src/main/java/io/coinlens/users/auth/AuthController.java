package io.coinlens.users.auth;

import io.coinlens.users.account.AccountService;
import io.coinlens.users.account.Profile;
import io.coinlens.users.account.Registration;
import io.coinlens.users.tokens.AccessTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "auth", description = "Sign-up, login and sessions")
class AuthController {

    private final AccountService accounts;
    private final AuthService auth;
    private final ClientAddressResolver addresses;

    AuthController(AccountService accounts, AuthService auth, ClientAddressResolver addresses) {
        this.accounts = accounts;
        this.auth = auth;
        this.addresses = addresses;
    }

    @PostMapping("/register")
    @Operation(summary = "Create an account; log in afterwards to get tokens")
    Mono<ResponseEntity<Profile>> register(@Valid @RequestBody Registration registration, ServerWebExchange exchange) {
        return accounts.register(registration, addresses.resolve(exchange.getRequest()))
                .map(profile -> ResponseEntity.created(URI.create("/api/v1/users/me")).body(profile));
    }

    @PostMapping("/login")
    @Operation(summary = "Exchange email and password for an access token and a refresh token",
            description = "Repeated failures per account or per client address answer 429 with Retry-After.")
    Mono<TokenResponse> login(@Valid @RequestBody Credentials credentials, ServerWebExchange exchange) {
        return auth.login(credentials, addresses.resolve(exchange.getRequest()));
    }

    @PostMapping("/refresh")
    @Operation(summary = "Exchange a refresh token for new tokens; the old refresh token stops working",
            description = "Presenting a refresh token twice ends the whole session it belongs to.")
    Mono<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request, ServerWebExchange exchange) {
        return auth.refresh(request.refreshToken(), addresses.resolve(exchange.getRequest()));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End this session: its refresh token and access tokens stop working",
            security = @SecurityRequirement(name = "bearer"))
    Mono<Void> logout(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
        return auth.logout(UUID.fromString(token.getSubject()), UUID.fromString(token.getClaimAsString(AccessTokens.SESSION)),
                addresses.resolve(exchange.getRequest()));
    }

    @PostMapping("/logout-all")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End every session of this account, on every device",
            security = @SecurityRequirement(name = "bearer"))
    Mono<Void> logoutEverywhere(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
        return auth.logoutEverywhere(UUID.fromString(token.getSubject()), addresses.resolve(exchange.getRequest()));
    }
}
