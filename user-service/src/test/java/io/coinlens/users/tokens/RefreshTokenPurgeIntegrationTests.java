package io.coinlens.users.tokens;

import com.nimbusds.jwt.SignedJWT;
import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static io.coinlens.users.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class RefreshTokenPurgeIntegrationTests extends UserServiceTestBase {

    @Autowired
    private RefreshTokenRepository families;

    @Test
    void forgetsEndedSessionsButStillDetectsReuseOfUnexpiredTokens() throws Exception {
        Account account = api.register();
        Tokens first = api.login(account);
        api.refreshed(first.refreshToken());
        Tokens expiring = api.login(account);
        UUID expiringFamily = UUID.fromString(SignedJWT.parse(expiring.accessToken()).getJWTClaimsSet().getStringClaim("sid"));
        db.sql("update token_families set expires_at = now() - interval '1 minute' where id = :id")
                .bind("id", expiringFamily).then().block(Duration.ofSeconds(5));

        families.purgeExpired().block(Duration.ofSeconds(10));

        assertThat(count("select count(*) from token_families where id = $1", expiringFamily)).isZero();
        assertThat(api.accepts(expiring.accessToken())).isFalse();
        assertProblem(api.refresh(first.refreshToken()), 401);
        assertThat(count("select count(*) from audit_log where action = 'REFRESH_TOKEN_REUSED' and user_id = $1",
                UUID.fromString(account.id()))).as("the used token was kept, so its reuse was noticed").isEqualTo(1);
    }
}
