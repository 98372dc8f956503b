package io.coinlens.users.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@JsonIgnoreProperties(ignoreUnknown = true)
public record RefreshRequest(@NotBlank @Size(max = 100) String refreshToken) {
}
