package io.coinlens.users.web;

import io.coinlens.users.support.Api;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.coinlens.users.support.Problems.assertProblem;
import static io.coinlens.users.support.Problems.invalidFields;
import static org.assertj.core.api.Assertions.assertThat;

/** Every error is RFC 9457 problem+json and says nothing about the implementation. */
class ErrorHandlingIntegrationTests extends UserServiceTestBase {

    @Test
    void refusesBodiesOverTheLimitUpFront() {
        String huge = "{\"email\":\"a@example.com\",\"password\":\"" + "x".repeat(20_000) + "\"}";
        Map<String, Object> problem = assertProblem(api.client().post().uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange(), 413);
        assertThat(problem.get("detail")).isEqualTo("The request body is larger than 16384 bytes.");
    }

    @Test
    void refusesChunkedBodiesOnceTheyPassTheLimit() {
        Flux<DataBuffer> chunks = Flux.range(0, 40).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap((i == 0 ? "{\"email\":\"a@example.com\",\"password\":\"" : "x".repeat(1000)).getBytes(StandardCharsets.UTF_8)));
        assertProblem(api.client().post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class).exchange(), 413);
    }

    @Test
    void malformedJsonIsABadRequest() {
        Map<String, Object> problem = assertProblem(api.client().post().uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\": \"a@example.com\", ").exchange(), 400);
        assertThat(problem.get("detail")).isEqualTo("The request body is missing or is not valid JSON.");
        assertThat(problem).containsEntry("instance", "/api/v1/auth/login").containsKey("requestId");
        assertProblem(api.client().post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).exchange(), 400);
    }

    @Test
    void validationErrorsNameEachField() {
        Map<String, Object> problem = assertProblem(api.client().post().uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", " ")).exchange(), 400);
        assertThat(invalidFields(problem)).containsExactlyInAnyOrder("email", "password");
    }

    @Test
    void wrongContentTypeAndMethodAreProblems() {
        assertProblem(api.client().post().uri("/api/v1/auth/login").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("email=a").exchange(), 415);
        Tokens tokens = api.login(api.register());
        assertProblem(api.send(HttpMethod.POST, "/api/v1/users/me", tokens.accessToken(), Map.of()), 405);
    }

    @Test
    void problemsCarryTheRequestIdForSupport() {
        String requestId = "support-case-42";
        Map<String, Object> problem = assertProblem(api.client().get().uri("/api/v1/users/me")
                .header("X-Request-Id", requestId).exchange(), 401);
        assertThat(problem).containsEntry("requestId", requestId).containsEntry("instance", "/api/v1/users/me");
    }

    @Test
    void unknownRoutesAreRefusedAsProblems() {
        assertProblem(api.get("/api/v1/nothing-here", null), 401);
        Tokens tokens = api.login(api.register());
        assertProblem(api.get("/api/v1/nothing-here", tokens.accessToken()), 403);
        assertProblem(api.get("/actuator/env", null), 404);
    }

    @Test
    void theApiIsDocumentedWithItsSecurityScheme() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.paths['/api/v1/users/me'].get.security[0].bearer").exists()
                .jsonPath("$.paths['/api/v1/auth/login'].post.requestBody").exists()
                .jsonPath("$.paths['/api/v1/auth/login'].post.parameters").doesNotExist();
    }

    @Test
    void publicEndpointsNeedNoToken() {
        web.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
        new Api(clientFrom(nextAddress())).attemptLogin(Api.newEmail(), Api.newPassword()).expectStatus().isUnauthorized();
    }
}
