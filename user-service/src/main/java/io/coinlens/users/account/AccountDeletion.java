package io.coinlens.users.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Deleting an account cannot be undone, so it takes the password again, not just a (possibly stolen) token. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountDeletion(@Schema(format = "password") @NotNull @Size(max = 1024) String password) {
}
