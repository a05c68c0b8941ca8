package dev.writeback.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.api.CallerResolver;
import dev.writeback.api.HttpApi;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a browser gets from /studio: the page with its policy, long-cached fingerprinted files, and how to sign in. */
class StudioRoutesTest {
    private final HttpApi api = api(StudioSignIn.oidc("https://login.example.com/tenant-1", "studio-client"));

    private static HttpApi api(StudioSignIn signIn) {
        HttpApi api = new HttpApi(CallerResolver.fromJwtClaims());
        new StudioRoutes(StudioAssets.fromClasspath(), signIn).register(api);
        return api;
    }

    private static APIGatewayV2HTTPResponse get(HttpApi api, String path) {
        return api.handle(APIGatewayV2HTTPEvent.builder().withRawPath(path).withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("GET").withPath(path).build()).build()).build());
    }

    @Test
    void thePageForbidsInlineScriptAndFramingAndLetsInOnlyTheStylesCarryingItsOwnNonce() {
        APIGatewayV2HTTPResponse first = get(api, "/studio/");
        APIGatewayV2HTTPResponse second = get(api, "/studio/index.html");
        assertEquals(200, first.getStatusCode());
        String policy = first.getHeaders().get("content-security-policy");
        assertTrue(policy.contains("script-src 'self';"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(policy.contains("connect-src 'self' https://login.example.com;"), policy);
        Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'").matcher(policy);
        assertTrue(nonce.find(), policy);
        assertTrue(first.getBody().contains("<meta name=\"style-nonce\" content=\"" + nonce.group(1) + "\">"), first.getBody());
        assertNotEquals(policy, second.getHeaders().get("content-security-policy"), "each page gets its own nonce");
        assertFalse(first.getBody().contains("<script>"), "no inline script");
        assertEquals("no-store", first.getHeaders().get("cache-control"));
    }

    @Test
    void withoutTheSlashTheBrowserIsSentToIt() {
        APIGatewayV2HTTPResponse r = get(api, "/studio");
        assertEquals(302, r.getStatusCode());
        assertEquals("studio/", r.getHeaders().get("location"));
    }

    @Test
    void theFilesThePageNamesAreServedAndKeptForAYear() {
        String page = get(api, "/studio/").getBody();
        Matcher script = Pattern.compile("src=\"(assets/studio-[A-Z0-9]{8}\\.js)\"").matcher(page);
        assertTrue(script.find(), page);
        APIGatewayV2HTTPResponse js = get(api, "/studio/" + script.group(1));
        assertEquals(200, js.getStatusCode());
        assertEquals("application/javascript; charset=utf-8", js.getHeaders().get("content-type"));
        assertEquals("public, max-age=31536000, immutable", js.getHeaders().get("cache-control"));
        assertEquals("nosniff", js.getHeaders().get("x-content-type-options"));
        APIGatewayV2HTTPResponse notices = get(api, "/studio/THIRD-PARTY-NOTICES.txt");
        assertTrue(notices.getBody().contains("@codemirror/view"), "the bundle's licences are served");
        assertEquals("no-cache", notices.getHeaders().get("cache-control"));
    }

    @Test
    void theConfigurationSaysHowToSignIn() {
        assertEquals("{\"signIn\":\"oidc\",\"issuer\":\"https://login.example.com/tenant-1\",\"clientId\":\"studio-client\"}",
                get(api, "/studio/config.json").getBody());
        assertEquals("{\"signIn\":\"local\"}", get(api(StudioSignIn.localHeaders()), "/studio/config.json").getBody());
    }

    @Test
    void aTokenEndpointOnAnotherHostIsToldToThePageAndLetInByItsPolicy() {
        HttpApi cognito = api(StudioSignIn.oidc("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
                "studio-client", "https://studio.auth.eu-west-1.amazoncognito.com/oauth2/token"));
        assertEquals("{\"signIn\":\"oidc\",\"issuer\":\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool\","
                        + "\"clientId\":\"studio-client\",\"tokenEndpoint\":\"https://studio.auth.eu-west-1.amazoncognito.com/oauth2/token\"}",
                get(cognito, "/studio/config.json").getBody());
        String policy = get(cognito, "/studio/").getHeaders().get("content-security-policy");
        assertTrue(policy.contains("connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com "
                + "https://studio.auth.eu-west-1.amazoncognito.com;"), policy);
    }

    @Test
    void anEmptyTokenEndpointMeansTheIssuersOwnAndAddsNoOrigin() {
        HttpApi sameHost = api(StudioSignIn.fromEnvironment(Map.of(StudioSignIn.ISSUER_ENV, "https://login.example.com/t",
                StudioSignIn.CLIENT_ID_ENV, "studio-client", StudioSignIn.TOKEN_ENDPOINT_ENV, "")));
        assertEquals("{\"signIn\":\"oidc\",\"issuer\":\"https://login.example.com/t\",\"clientId\":\"studio-client\"}",
                get(sameHost, "/studio/config.json").getBody());
        String policy = get(sameHost, "/studio/").getHeaders().get("content-security-policy");
        assertTrue(policy.contains("connect-src 'self' https://login.example.com;"), policy);
        HttpApi sameOrigin = api(StudioSignIn.oidc("https://login.example.com/t", "c", "https://login.example.com/oauth/token"));
        assertTrue(get(sameOrigin, "/studio/").getHeaders().get("content-security-policy")
                .contains("connect-src 'self' https://login.example.com;"));
    }

    @Test
    void anythingElseIsANotFoundProblemNeverAFileOutsideTheStudio() {
        for (String path : new String[] {"/studio/nothing.js", "/studio/../application.properties", "/studio/%2e%2e/pom.xml",
                "/studio/assets/.hidden.js", "/studio/dev/writeback/registration/StudioRoutes.class"}) {
            APIGatewayV2HTTPResponse r = get(api, path);
            assertEquals(404, r.getStatusCode(), path);
            assertEquals("application/problem+json", r.getHeaders().get("content-type"), path);
        }
    }
}
