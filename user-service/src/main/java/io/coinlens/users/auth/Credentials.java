package io.coinlens.users.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A login. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(
        @Schema(example = "ada@example.com") @NotBlank @Size(max = 254) String email,
        @Schema(format = "password") @NotNull @Size(max = 1024) String password) {
}
