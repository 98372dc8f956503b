package io.coinlens.users.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

    private static final Set<String> COMMON = PasswordPolicy.commonPasswords();
    private final PasswordPolicy policy = new PasswordPolicy(8, 128, COMMON);

    @Test
    void bundlesALargeListOfCommonPasswords() {
        assertThat(COMMON).hasSizeGreaterThan(10_000).contains("password", "baseball", "iloveyou", "qwertyuiop");
        assertThat(COMMON).allMatch(p -> p.codePointCount(0, p.length()) >= 8, "only entries the length rule lets through");
    }

    @Test
    void requiresAtLeastEightCharacters() {
        assertThat(policy.problem(null, null)).contains("is required");
        assertThat(policy.problem("", null)).contains("is required");
        assertThat(policy.problem("abcdefg", null)).contains("must be at least 8 characters long");
        assertThat(policy.problem("abcdefgh", null)).isEmpty();
    }

    @Test
    void allowsLongPassphrasesUpToTheLimit() {
        assertThat(policy.problem("a".repeat(64), null)).isEmpty();
        assertThat(policy.problem("a".repeat(128), null)).isEmpty();
        assertThat(policy.problem("a".repeat(129), null)).contains("must be at most 128 characters long");
    }

    @Test
    void hasNoCompositionRules() {
        assertThat(policy.problem("onlylowercaseletters", null)).isEmpty();
        assertThat(policy.problem("12345 67890 13579", null)).isEmpty();
        assertThat(policy.problem("        spaces count too", null)).isEmpty();
    }

    @Test
    void countsUnicodeCodePointsNotUtf16Units() {
        // Four emoji are eight UTF-16 units but four characters.
        assertThat(policy.problem("🔐🦄🌍🎲", null)).contains("must be at least 8 characters long");
        assertThat(policy.problem("🔐🦄🌍🎲🚀🧩🎈🐙", null)).isEmpty();
        assertThat(policy.problem("パスワードは長い", null)).isEmpty();
    }

    @Test
    void normalisesSoTheSamePasswordTypedDifferentlyMatches() {
        String composed = "caf\u00e9 au lait";
        String decomposed = "cafe\u0301 au lait";
        assertThat(PasswordPolicy.normalize(decomposed)).isEqualTo(PasswordPolicy.normalize(composed));
        // Full-width letters are the same password as ASCII ones, so they are just as common.
        assertThat(policy.problem("ｐａｓｓｗｏｒｄ", null)).contains("is one of the most commonly used passwords; choose another");
    }

    @Test
    void rejectsCommonPasswordsWhateverTheirCase() {
        assertThat(policy.problem("password", null)).isPresent();
        assertThat(policy.problem("PassWord123", null)).isPresent();
        assertThat(policy.problem("Password123!x", null)).isEmpty();
    }

    @Test
    void rejectsTheAccountsOwnEmail() {
        assertThat(policy.problem("Ada@Example.com", "ada@example.com")).contains("must not be your email address");
        assertThat(policy.problem("Ada@Example.com", "grace@example.com")).isEmpty();
    }
}
