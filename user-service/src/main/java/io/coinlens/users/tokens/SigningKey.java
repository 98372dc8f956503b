package io.coinlens.users.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;

/**
 * An ES256 key pair with the time it starts signing and the time a successor took over. The private half is null
 * when this process cannot open it (sealed under another key-encryption key): such a key still verifies.
 */
public record SigningKey(String kid, ECPublicKey publicKey, ECPrivateKey privateKey, Instant activatesAt, Instant retiredAt) {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    /** A new P-256 key whose id is its RFC 7638 thumbprint. */
    static SigningKey generate(Instant activatesAt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            String kid = new ECKey.Builder(Curve.P_256, publicKey).build().computeThumbprint().toString();
            return new SigningKey(kid, publicKey, (ECPrivateKey) pair.getPrivate(), activatesAt, null);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    public boolean canSign() {
        return privateKey != null;
    }

    public ECKey publicJwk() {
        return new ECKey.Builder(Curve.P_256, publicKey).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM).build();
    }

    ECKey signingJwk() {
        if (privateKey == null) {
            throw new IllegalStateException("key " + kid + " cannot sign here");
        }
        return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(ALGORITHM).build();
    }
}
