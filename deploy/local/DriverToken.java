import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.MessageDigest;
import java.math.BigInteger;
import java.util.Base64;
import java.util.UUID;

/**
 * The key holder's small command (JDK only, like DriverReceiver.java) for a local run and for operators:
 *
 *   java deploy/local/DriverToken.java keygen FILE
 *       writes a new 2048-bit RSA signing key (PKCS#8 PEM, mode 600) for METAGOV_JWT_SIGNING_KEY
 *   METAGOV_JWT_SIGNING_KEY="$(cat FILE)" java deploy/local/DriverToken.java admin [SUBJECT] [ISSUER]
 *       prints an administrator token (group metagov-admin, no expiry) in the form the gateway signs its own
 *       tokens (RS256, kid, iss "metagov-gateway", sub, jti, iat, gen 0); admin tokens have no driver account:
 *       they stop working only when the signing key is rotated
 */
public class DriverToken {

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("keygen")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
            Path file = Path.of(args[1]);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem);
            return;
        }
        if (args.length >= 1 && args[0].equals("admin")) {
            String pem = System.getenv("METAGOV_JWT_SIGNING_KEY");
            if (pem == null || pem.isBlank()) {
                System.err.println("METAGOV_JWT_SIGNING_KEY (the gateway's PEM key) is not set");
                System.exit(2);
            }
            String subject = args.length > 1 ? args[1] : "admin";
            String issuer = args.length > 2 ? args[2] : "metagov-gateway";
            System.out.println(adminToken(pem, subject, issuer));
            return;
        }
        System.err.println("usage: DriverToken keygen FILE | DriverToken admin [SUBJECT] [ISSUER]");
        System.exit(2);
    }

    static String adminToken(String pem, String subject, String issuer) throws Exception {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        BigInteger modulus = ((RSAPrivateCrtKey) key).getModulus();
        byte[] n = modulus.toByteArray();
        if (n.length > 1 && n[0] == 0) {
            n = java.util.Arrays.copyOfRange(n, 1, n.length);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        // the gateway's key id: base64url SHA-256 of the modulus, first 16 characters (service/SigningKey)
        String kid = b64.encodeToString(MessageDigest.getInstance("SHA-256").digest(n)).substring(0, 16);
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + json(issuer) + "\",\"sub\":\"" + json(subject) + "\",\"jti\":\""
                + UUID.randomUUID() + "\",\"iat\":" + System.currentTimeMillis() / 1000
                + ",\"gen\":0,\"groups\":[\"metagov-admin\"]}";
        String unsigned = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        return unsigned + "." + b64.encodeToString(signature.sign());
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
