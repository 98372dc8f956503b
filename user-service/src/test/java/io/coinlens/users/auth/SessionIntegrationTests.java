package io.coinlens.users.auth;

import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.coinlens.users.support.Problems.assertProblem;
import static io.coinlens.users.support.Problems.invalidFields;
import static org.assertj.core.api.Assertions.assertThat;

class SessionIntegrationTests extends UserServiceTestBase {

    @Test
    void registersThenLogsInWithBearerTokens() {
        String email = "Ada." + UUID.randomUUID() + "@Example.com";
        web.post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "a perfectly fine passphrase", "displayName", "Ada"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/users/me")
                .expectBody()
                .jsonPath("$.email").isEqualTo(email)
                .jsonPath("$.displayName").isEqualTo("Ada")
                .jsonPath("$.role").isEqualTo("user")
                .jsonPath("$.password").doesNotExist()
                .jsonPath("$.passwordHash").doesNotExist();

        // Emails match ignoring case.
        api.attemptLogin(email.toLowerCase(), "a perfectly fine passphrase")
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
                .expectBody()
                .jsonPath("$.tokenType").isEqualTo("Bearer")
                .jsonPath("$.expiresIn").isEqualTo(900)
                .jsonPath("$.accessToken").isNotEmpty()
                .jsonPath("$.refreshToken").value(String.class, token ->
                        assertThat(Base64.getUrlDecoder().decode(token)).as("256 random bits").hasSize(32));
    }

    @Test
    void wrongPasswordAndUnknownEmailLookTheSame() {
        Account account = api.register();
        Map<String, Object> wrongPassword = assertProblem(api.attemptLogin(account.email(), "not the password at all"), 401);
        Map<String, Object> unknownEmail = assertProblem(api.attemptLogin("nobody-" + account.email(), account.password()), 401);
        assertThat(wrongPassword.get("detail")).isEqualTo(unknownEmail.get("detail"));
    }

    @Test
    void rotatesRefreshTokensAndRevokesTheFamilyWhenAnOldOneIsReused() {
        Account account = api.register();
        Tokens first = api.login(account);
        Tokens second = api.refreshed(first.refreshToken());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(api.accepts(second.accessToken())).isTrue();

        // Someone replays the first refresh token: it fails, and so does everything issued after it.
        assertProblem(api.refresh(first.refreshToken()), 401);
        assertProblem(api.refresh(second.refreshToken()), 401);
        assertThat(api.accepts(second.accessToken())).isFalse();
        assertThat(api.accepts(first.accessToken())).isFalse();
        assertThat(count("select count(*) from audit_log where action = 'REFRESH_TOKEN_REUSED' and user_id = $1",
                UUID.fromString(account.id()))).isEqualTo(1);

        // Other sessions of the same user are untouched, and a fresh login works.
        Tokens again = api.login(account);
        assertThat(api.accepts(again.accessToken())).isTrue();
    }

    @Test
    void rejectsRefreshTokensItNeverIssued() {
        assertProblem(api.refresh("not-a-token"), 401);
        assertProblem(api.refresh(io.coinlens.users.tokens.TokenHashing.newToken()), 401);
    }

    @Test
    void logoutEndsOnlyThisSession() {
        Account account = api.register();
        Tokens phone = api.login(account);
        Tokens laptop = api.login(account);

        api.logout(phone.accessToken());

        assertThat(api.accepts(phone.accessToken())).isFalse();
        assertProblem(api.refresh(phone.refreshToken()), 401);
        assertThat(api.accepts(laptop.accessToken())).isTrue();
        api.refreshed(laptop.refreshToken());
    }

    @Test
    void logoutEverywhereEndsEverySession() {
        Account account = api.register();
        Tokens phone = api.login(account);
        Tokens laptop = api.login(account);

        api.send(HttpMethod.POST, "/api/v1/auth/logout-all", laptop.accessToken(), null).expectStatus().isNoContent();

        for (Tokens session : new Tokens[] {phone, laptop}) {
            assertThat(api.accepts(session.accessToken())).isFalse();
            assertProblem(api.refresh(session.refreshToken()), 401);
        }
        assertThat(count("select count(*) from audit_log where action = 'LOGGED_OUT_EVERYWHERE' and user_id = $1",
                UUID.fromString(account.id()))).isEqualTo(1);
    }

    @Test
    void logoutNeedsAValidAccessToken() {
        assertProblem(api.send(HttpMethod.POST, "/api/v1/auth/logout", null, null), 401);
        assertProblem(api.send(HttpMethod.POST, "/api/v1/auth/logout-all", "garbage", null), 401);
    }

    @Test
    void changingThePasswordEndsEverySession() {
        Account account = api.register();
        Tokens phone = api.login(account);
        Tokens laptop = api.login(account);
        String newPassword = "a brand new passphrase " + UUID.randomUUID();

        api.send(HttpMethod.PUT, "/api/v1/users/me/password", laptop.accessToken(),
                        Map.of("currentPassword", account.password(), "newPassword", newPassword))
                .expectStatus().isNoContent();

        for (Tokens session : new Tokens[] {phone, laptop}) {
            assertThat(api.accepts(session.accessToken())).isFalse();
            assertProblem(api.refresh(session.refreshToken()), 401);
        }
        assertProblem(api.attemptLogin(account.email(), account.password()), 401);
        api.attemptLogin(account.email(), newPassword).expectStatus().isOk();
        assertThat(count("select count(*) from audit_log where action = 'PASSWORD_CHANGED' and user_id = $1",
                UUID.fromString(account.id()))).isEqualTo(1);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndAnAcceptableNewOne() {
        Account account = api.register();
        Tokens tokens = api.login(account);

        Map<String, Object> wrongCurrent = assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/password",
                tokens.accessToken(), Map.of("currentPassword", "not my password", "newPassword", "another fine passphrase")), 400);
        assertThat(invalidFields(wrongCurrent)).containsExactly("currentPassword");

        Map<String, Object> common = assertProblem(api.send(HttpMethod.PUT, "/api/v1/users/me/password",
                tokens.accessToken(), Map.of("currentPassword", account.password(), "newPassword", "Password123")), 400);
        assertThat(invalidFields(common)).containsExactly("newPassword");

        assertThat(api.accepts(tokens.accessToken())).as("a refused change ends nothing").isTrue();
    }
}
