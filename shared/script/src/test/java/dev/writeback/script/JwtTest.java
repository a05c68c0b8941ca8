package dev.writeback.script;

import static dev.writeback.script.Inputs.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtTest {
    static GraalScriptRunner runner;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void start() {
        runner = GraalScriptRunner.create();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static String jwt(String algorithm, String key) {
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofDays(1), CLOCK)).account(Map.of("key", key)).build();
        ProcessOutcome out = runner.process(js("""
                DOMO.jwtBuilder.algorithm = '%s';
                DOMO.jwtBuilder.authKey = metadata.account.key;
                DOMO.jwtBuilder.issuer = 'svc@example.iam';
                DOMO.jwtBuilder.subject = 'ann';
                DOMO.jwtBuilder.claims['scope'] = 'read write';
                DOMO.jwtBuilder.claims.aud = 'https://oauth2.example.com/token';
                DOMO.jwtBuilder.expiration = '1714525200';
                DOMO.log(DOMO.getJWT());
                """.formatted(algorithm)), in);
        assertNull(out.error());
        return out.log().getFirst();
    }

    static JsonNode part(String token, int i) {
        return Json.read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8), JsonNode.class);
    }

    static byte[] signature(String token) {
        return Base64.getUrlDecoder().decode(token.split("\\.")[2]);
    }

    static byte[] signingInput(String token) {
        return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    static String pem(byte[] der, String label) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void hs256TokenCarriesTheBuilderFieldsAndVerifies() throws Exception {
        String token = jwt("HS256", "shared-secret");
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", part(token, 0).toString());
        assertEquals("{\"iss\":\"svc@example.iam\",\"sub\":\"ann\",\"iat\":1714521600,\"exp\":1714525200,\"scope\":\"read write\","
                + "\"aud\":\"https://oauth2.example.com/token\"}", part(token, 1).toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("shared-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertTrue(Arrays.equals(mac.doFinal(signingInput(token)), signature(token)));
    }

    @Test
    void rs256SignsWithPkcs8AndPkcs1PemKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        for (String key : new String[]{pem(pkcs8, "PRIVATE KEY"), pem(Arrays.copyOfRange(pkcs8, 26, pkcs8.length), "RSA PRIVATE KEY")}) {
            String token = jwt("RS256", key);
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(pair.getPublic());
            v.update(signingInput(token));
            assertTrue(v.verify(signature(token)));
        }
    }

    @Test
    void es256SignsInJoseFormat() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        String token = jwt("ES256", pem(pair.getPrivate().getEncoded(), "PRIVATE KEY"));
        assertEquals(64, signature(token).length);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(pair.getPublic());
        v.update(signingInput(token));
        assertTrue(v.verify(signature(token)));
    }

    @Test
    void unusableBuilderGivesAClearError() {
        ProcessOutcome out = runner.process(js("DOMO.jwtBuilder.algorithm = 'RS256';\nDOMO.jwtBuilder.authKey = 'not a pem';\nDOMO.getJWT();"),
                Inputs.input());
        assertEquals("DOMO.jwtBuilder.authKey must be a PEM private key (-----BEGIN PRIVATE KEY-----) for RSA", out.error().message());
        assertEquals(3, out.error().line());
        assertEquals("DOMO.getJWT(): set DOMO.jwtBuilder.authKey first (the HMAC secret or a PEM private key)",
                runner.process(js("DOMO.getJWT();"), Inputs.input()).error().message());
    }
}
