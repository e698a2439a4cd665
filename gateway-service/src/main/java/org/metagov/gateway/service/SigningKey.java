package org.metagov.gateway.service;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's RS256 key pair, read from a PKCS#8 PEM private key (the public half is derived from it), with the
 * key id ({@code kid}) every token names: the base64url SHA-256 of the modulus, so a rotated key gets a new id.
 */
public record SigningKey(PrivateKey privateKey, RSAPublicKey publicKey, String keyId) {

    public static SigningKey fromPem(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("The signing key is PKCS#1; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt' (PKCS#8, '-----BEGIN PRIVATE KEY-----')");
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalArgumentException("The signing key is not an RSA key with its public exponent");
            }
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                    crt.getPublicExponent()));
            if (pub.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("The signing key has fewer than 2048 bits");
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(unsigned(pub.getModulus()));
            return new SigningKey(key, pub, Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                    .substring(0, 16));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("The signing key (METAGOV_JWT_SIGNING_KEY) is not a PKCS#8 PEM RSA "
                    + "private key: " + e.getMessage(), e);
        }
    }

    /** The public key as a JWKS document ({@code /.well-known/jwks.json}). */
    public Map<String, Object> jwks() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", keyId);
        jwk.put("n", b64.encodeToString(unsigned(publicKey.getModulus())));
        jwk.put("e", b64.encodeToString(unsigned(publicKey.getPublicExponent())));
        return Map.of("keys", List.of(jwk));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    @Override
    public String toString() { // never the private key
        return "SigningKey[" + keyId + "]";
    }
}
