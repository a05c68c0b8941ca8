package dev.writeback.local.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.writeback.local.LocalPlatform;
import dev.writeback.registration.StudioSignIn;
import dev.writeback.testing.oauth.OAuthServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The studio's OIDC sign-in in a real Chromium, as behind API Gateway: the embedded default knows its callers only
 * from bearer JWTs verified as API Gateway's JWT authorizer does (signature against the issuer's JWKS, issuer,
 * audience, expiry), and the studio signs in at the npm {@code oidc-provider} with authorization code + PKCE as a
 * public client, keeps the token in memory only, and goes back to sign-in when the API answers 401.
 */
class StudioOidcSignInIT {
    private static final String CLIENT_ID = "writeback-studio";
    private static final int API_PORT = freePort();
    private static final String STUDIO = "http://127.0.0.1:" + API_PORT + "/studio/";

    @RegisterExtension
    static final OAuthServerExtension PROVIDER = new OAuthServerExtension(STUDIO);

    /** Tokens issued before this instant are refused, as when the identity provider has ended the user's sessions. */
    private static volatile Instant sessionsEndedAt = Instant.EPOCH;
    private static LocalPlatform platform;
    private static Browser browser;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start(Path.of("local/target/studio-screenshots/oidc"));
        DefaultJWTProcessor<SecurityContext> tokens = new DefaultJWTProcessor<>();
        tokens.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(PROVIDER.issuer() + "/jwks").toURL()).build()));
        tokens.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(CLIENT_ID,
                new JWTClaimsSet.Builder().issuer(PROVIDER.issuer()).build(), Set.of("sub", "exp", "iat")));
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-studio-oidc-it"),
                        Path.of("samples/datasets"), API_PORT, 0, 0),
                new LocalPlatform.JwtCallers(StudioSignIn.oidc(PROVIDER.issuer(), CLIENT_ID), token -> {
                    try {
                        JWTClaimsSet claims = tokens.process(token, null);
                        if (claims.getIssueTime().toInstant().isBefore(sessionsEndedAt)) {
                            return null;
                        }
                        Map<String, String> strings = new LinkedHashMap<>();
                        claims.getClaims().forEach((name, value) -> strings.put(name, String.valueOf(value)));
                        return strings;
                    } catch (Exception invalid) {
                        return null;
                    }
                }));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anAuthorSignsInAtTheIdentityProviderKeepsTheTokenInMemoryAndIsSentBackToSignInWhenTheApiRefusesIt()
            throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(platform.api().baseUri() + "/connectors")).header("x-writeback-company", "acme")
                .header("x-writeback-user", "mallory").header("x-writeback-roles", "AUTHOR").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "the caller headers are not trusted here: " + anonymous.body());
        assertTrue(anonymous.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));

        browser.open(STUDIO);
        browser.heading("Sign in");
        browser.step("sign-in-with-provider");
        browser.button("Sign in").click();

        browser.heading("Writeback Connector Dev Studio");
        assertTrue(browser.driver().getCurrentUrl().startsWith(STUDIO), browser.driver().getCurrentUrl());
        assertTrue(browser.find(By.cssSelector(".who")).getText().contains("Signed in as provider-user (acme)"));
        browser.link("My Connector Developer").click();
        browser.heading("My Connector Developer");
        browser.find(By.cssSelector(".agreement-text"));
        browser.step("signed-in-my-connector-developer");
        JavascriptExecutor page = (JavascriptExecutor) browser.driver();
        assertEquals(0L, page.executeScript("return localStorage.length"), "nothing kept in localStorage");
        assertEquals(0L, page.executeScript("return sessionStorage.length"), "nothing kept in sessionStorage");
        assertFalse(String.valueOf(page.executeScript("return document.cookie")).contains("eyJ"), "no token in a cookie");

        sessionsEndedAt = Instant.now().plusSeconds(1);
        browser.go("#/jobs");
        browser.heading("Sign in");
        browser.message("Your session ended; sign in again.");
        assertTrue(browser.all(By.cssSelector(".who")).isEmpty(), "no one is signed in any more");
        browser.step("session-ended-sign-in-again");
    }
}
