package io.coinlens.users.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@JsonIgnoreProperties(ignoreUnknown = true)
public record PasswordChange(
        @Schema(format = "password") @NotNull @Size(max = 1024) String currentPassword,
        @Schema(format = "password", description = "8 to 128 characters, any characters; not a commonly used password")
        @NotNull @Size(max = 1024) String newPassword) {
}
