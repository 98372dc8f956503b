package io.coinlens.users.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The fields of a profile a user may change: an allow-list, so {@code role}, {@code id} or {@code email} in the
 * body are ignored rather than applied.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileUpdate(
        @Schema(description = "Absent or null leaves it unchanged; an empty string clears it", example = "Ada L.",
                maxLength = 100)
        String displayName) {
}
