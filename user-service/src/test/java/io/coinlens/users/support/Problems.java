package io.coinlens.users.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

    private Problems() {
    }

    /** A problem+json body with this status that leaks nothing about the implementation; returns the body. */
    public static Map<String, Object> assertProblem(WebTestClient.ResponseSpec response, int status) {
        String raw = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).as("problem body").isNotBlank();
        assertNoInternals(raw);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = tools.jackson.databind.json.JsonMapper.builder().build().readValue(raw, Map.class);
        assertThat(body).containsEntry("status", status).containsKeys("title");
        return body;
    }

    /** The fields a 400 problem names. */
    @SuppressWarnings("unchecked")
    public static List<String> invalidFields(Map<String, Object> problem) {
        assertThat(problem).containsKey("errors");
        return ((List<Map<String, Object>>) problem.get("errors")).stream().map(e -> (String) e.get("field")).toList();
    }

    public static void assertNoInternals(String body) {
        assertThat(body).doesNotContainIgnoringCase("exception")
                .doesNotContain("\tat ")
                .doesNotContain("at io.coinlens")
                .doesNotContain("org.springframework")
                .doesNotContain("java.")
                .doesNotContainIgnoringCase("\"trace\"")
                .doesNotContainIgnoringCase("stack");
    }
}
