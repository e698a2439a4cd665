package org.metagov.metastore.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads {@code METASTORE_JWT_PUBLIC_KEY}, which may be given in whichever form is at hand: PEM text
 * ({@code -----BEGIN PUBLIC KEY-----}), a path to a PEM file, base64 of the DER key, or one JWK as JSON.
 */
public final class PublicKeys {

    private PublicKeys() {
    }

    public static PublicKey parse(String value) {
        String text = value.trim();
        try {
            if (text.startsWith("{")) {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(text);
                if (jwk instanceof PublicJsonWebKey publicJwk) {
                    return publicJwk.getPublicKey();
                }
                throw new IllegalArgumentException("The JWK in METASTORE_JWT_PUBLIC_KEY is not a public key");
            }
            if (!text.contains("-----BEGIN") && looksLikePath(text)) {
                text = Files.readString(Path.of(text)).trim();
            }
            String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read METASTORE_JWT_PUBLIC_KEY file " + text, e);
        } catch (GeneralSecurityException | JoseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("METASTORE_JWT_PUBLIC_KEY is not an RSA public key in PEM, DER "
                    + "base64 or JWK form: " + e.getMessage(), e);
        }
    }

    private static boolean looksLikePath(String text) {
        try {
            return Files.isRegularFile(Path.of(text));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
