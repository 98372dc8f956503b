package io.coinlens.users.support;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The user-service's HTTP API as a test uses it. */
public final class Api {

    public record Account(String id, String email, String password) {
    }

    public record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }

    private final WebTestClient client;

    public Api(WebTestClient client) {
        this.client = client;
    }

    public WebTestClient client() {
        return client;
    }

    public static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public static String newPassword() {
        return "pw " + UUID.randomUUID();
    }

    public Account register() {
        return register(newEmail(), newPassword());
    }

    public Account register(String email, String password) {
        Map<?, ?> profile = client.post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(profile).isNotNull();
        return new Account((String) profile.get("id"), email, password);
    }

    public WebTestClient.ResponseSpec attemptLogin(String email, String password) {
        return client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange();
    }

    public Tokens login(Account account) {
        return attemptLogin(account.email(), account.password())
                .expectStatus().isOk()
                .expectBody(Tokens.class).returnResult().getResponseBody();
    }

    public WebTestClient.ResponseSpec refresh(String refreshToken) {
        return client.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", refreshToken))
                .exchange();
    }

    public Tokens refreshed(String refreshToken) {
        return refresh(refreshToken).expectStatus().isOk().expectBody(Tokens.class).returnResult().getResponseBody();
    }

    public WebTestClient.ResponseSpec get(String path, String accessToken) {
        return client.get().uri(path).headers(h -> bearer(h, accessToken)).exchange();
    }

    public WebTestClient.ResponseSpec send(HttpMethod method, String path, String accessToken, Object body) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(path).headers(h -> bearer(h, accessToken));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> profile(String accessToken) {
        return get("/api/v1/users/me", accessToken).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    public void logout(String accessToken) {
        send(HttpMethod.POST, "/api/v1/auth/logout", accessToken, null).expectStatus().isNoContent();
    }

    /** Whether the service still honours this access token. */
    public boolean accepts(String accessToken) {
        HttpStatus status = HttpStatus.valueOf(get("/api/v1/users/me", accessToken).expectBody(String.class)
                .returnResult().getStatus().value());
        assertThat(status).isIn(HttpStatus.OK, HttpStatus.UNAUTHORIZED);
        return status == HttpStatus.OK;
    }

    private static void bearer(HttpHeaders headers, String accessToken) {
        if (accessToken != null) {
            headers.setBearerAuth(accessToken);
        }
    }
}
