package io.coinlens.users.account;

import io.coinlens.users.auth.ClientAddressResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * The signed-in user's own account. There is no user id in any path: the account is the token's subject, so a
 * token can only ever reach its own user's data.
 */
@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "account", description = "The signed-in user's profile, preferences, password and account")
@SecurityRequirement(name = "bearer")
class AccountController {

    private final AccountService accounts;
    private final ClientAddressResolver addresses;

    AccountController(AccountService accounts, ClientAddressResolver addresses) {
        this.accounts = accounts;
        this.addresses = addresses;
    }

    @GetMapping
    @Operation(summary = "Read the profile")
    Mono<Profile> profile(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token) {
        return accounts.profile(userId(token));
    }

    @PatchMapping(consumes = {"application/json", "application/merge-patch+json"})
    @Operation(summary = "Change the profile", description = "Only displayName can change; other fields are ignored.")
    Mono<Profile> updateProfile(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Valid @RequestBody ProfileUpdate update, ServerWebExchange exchange) {
        return accounts.updateProfile(userId(token), update, addresses.resolve(exchange.getRequest()));
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete the account and, through a UserDeleted event, the user's data in every service")
    Mono<Void> delete(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Valid @RequestBody AccountDeletion deletion, ServerWebExchange exchange) {
        return accounts.delete(userId(token), deletion, addresses.resolve(exchange.getRequest()));
    }

    @PutMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change the password; every session ends, so log in again")
    Mono<Void> changePassword(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Valid @RequestBody PasswordChange change, ServerWebExchange exchange) {
        return accounts.changePassword(userId(token), change, addresses.resolve(exchange.getRequest()));
    }

    @GetMapping("/preferences")
    @Operation(summary = "Read the preferences")
    Mono<Preferences> preferences(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token) {
        return accounts.preferences(userId(token));
    }

    @PutMapping("/preferences")
    @Operation(summary = "Replace the preferences")
    Mono<Preferences> updatePreferences(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Valid @RequestBody Preferences preferences) {
        return accounts.updatePreferences(userId(token), preferences);
    }

    private static UUID userId(Jwt token) {
        return UUID.fromString(token.getSubject());
    }
}
