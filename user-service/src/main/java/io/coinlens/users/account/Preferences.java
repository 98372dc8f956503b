package io.coinlens.users.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * A user's display and notification settings; {@code PUT} replaces all of them, so every field is required. The
 * currency and time zone are checked against allow-lists in {@link AccountService}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Preferences(
        @Schema(description = "Currency prices are shown in; one of coinlens.users.preferences.quote-currencies",
                example = "USDT")
        @NotNull String quoteCurrency,
        @Schema(description = "IANA time zone for charts and digests", example = "Europe/Berlin")
        @NotNull String timeZone,
        @NotNull @Valid Notifications notifications) {

    /** Which notifications the user wants. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notifications(
            @Schema(description = "Send notifications by email") @NotNull Boolean email,
            @Schema(description = "Send push notifications") @NotNull Boolean push,
            @Schema(description = "Notify when a price alert triggers") @NotNull Boolean priceAlerts,
            @Schema(description = "Notify about trading signals on watched coins") @NotNull Boolean signals) {
    }
}
