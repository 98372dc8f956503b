package io.coinlens.users.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * NIST SP 800-63B §3.1.1.2: length is the only composition rule (counted in Unicode code points after NFKC
 * normalisation, so every printable and Unicode character is allowed and counts once); the password must not be a
 * commonly used one or the account's own email address. No "must contain a digit", no forced rotation.
 */
public final class PasswordPolicy {

    static final String COMMON_PASSWORDS = "/passwords/common-passwords.txt";

    private final int minLength;
    private final int maxLength;
    private final Set<String> common;

    public PasswordPolicy(int minLength, int maxLength, Set<String> common) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.common = Set.copyOf(common);
    }

    /** The same password typed on different devices must hash the same (NIST recommends NFKC or NFKD). */
    public static String normalize(String password) {
        return password == null ? null : Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Why the password is unacceptable, or empty if it is fine. */
    public Optional<String> problem(String password, String email) {
        if (password == null || password.isEmpty()) {
            return Optional.of("is required");
        }
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < minLength) {
            return Optional.of("must be at least " + minLength + " characters long");
        }
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters long");
        }
        String folded = normalized.toLowerCase(Locale.ROOT);
        if (common.contains(folded)) {
            return Optional.of("is one of the most commonly used passwords; choose another");
        }
        if (email != null && folded.equals(email.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("must not be your email address");
        }
        return Optional.empty();
    }

    /** The bundled list of common passwords, lower case. */
    public static Set<String> commonPasswords() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
            }
            Set<String> passwords = new HashSet<>(16_384);
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> normalize(line).toLowerCase(Locale.ROOT))
                    .forEach(passwords::add);
            return passwords;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
