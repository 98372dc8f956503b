package io.coinlens.users.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A sign-up. Anything else in the body (a role, an id) is ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Registration(
        @Schema(example = "ada@example.com")
        @NotBlank @Email @Size(max = 254) @Pattern(regexp = "[^\\s\\p{Cntrl}]+", message = "must not contain spaces or control characters")
        String email,
        @Schema(description = "8 to 128 characters, any characters; not a commonly used password", format = "password")
        @NotNull @Size(max = 1024) String password,
        @Schema(example = "Ada", maxLength = 100) String displayName) {
}
