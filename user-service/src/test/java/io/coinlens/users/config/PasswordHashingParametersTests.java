package io.coinlens.users.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test profile hashes with less memory to keep the suite fast; this pins what every other profile uses to
 * OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1).
 */
class PasswordHashingParametersTests {

    @Test
    void productionHashesMeetOwaspArgon2idParameters() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"));
        for (PropertySource<?> document : documents) {
            assertThat(document.containsProperty("coinlens.users.passwords.memory-kib"))
                    .as("no profile in application.yml may weaken hashing").isFalse();
        }
        UserProperties properties = new Binder(ConfigurationPropertySources.from(documents.get(0)))
                .bindOrCreate("coinlens.users", UserProperties.class);
        UserProperties.Passwords passwords = properties.passwords();
        assertThat(passwords.memoryKib()).isGreaterThanOrEqualTo(19 * 1024);
        assertThat(passwords.iterations()).isGreaterThanOrEqualTo(2);
        assertThat(passwords.parallelism()).isEqualTo(1);

        String hash = new Argon2PasswordEncoder(16, 32, passwords.parallelism(), passwords.memoryKib(), passwords.iterations())
                .encode("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }
}
