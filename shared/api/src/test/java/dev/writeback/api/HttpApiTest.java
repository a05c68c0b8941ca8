package dev.writeback.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.Limits;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnauthorizedException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptSyntaxException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpApiTest {
    private static final byte[] PNG_START = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff};

    private final HttpApi api = new HttpApi(CallerResolver.fromJwtClaims())
            .route("GET", "/connectors/{id}", r -> HttpReply.ok(Map.of("id", r.pathParameter("id"))))
            .route("PUT", "/connectors/{id}", r -> HttpReply.ok(Map.of("ifMatch", r.header("If-Match"))))
            .route("GET", "/connectors/{id}/icons/{kind}", r -> HttpReply.ok(r.pathParameters()))
            .route("put", "/connectors/{id}/icons/{kind}", r -> HttpReply.ok(Map.of("bytes", r.body().length,
                    "first", r.body()[0] & 0xff)))
            .route("GET", "/png", r -> HttpReply.bytes(200, "image/png", PNG_START))
            .route("GET", "/script", r -> HttpReply.text(200, "application/javascript", "auth.authenticationSuccess();"))
            .route("POST", "/echo", r -> HttpReply.created("/echo/1", r.json(Map.class)))
            .route("GET", "/jobs", r -> HttpReply.ok(Map.of("limit", r.intQuery("limit", 25))))
            .route("GET", "/files/{path+}", r -> HttpReply.ok(r.pathParameters()))
            .route("GET", "/me", r -> HttpReply.ok(Map.of("user", r.caller().userId())))
            .route("GET", "/base", r -> HttpReply.ok(Map.of("apiBaseUrl", String.valueOf(r.apiBaseUrl()))))
            .route("GET", "/fail/{kind}", r -> {
                throw failure(r.pathParameter("kind"));
            });

    private static RuntimeException failure(String kind) {
        return switch (kind) {
            case "syntax" -> new ScriptSyntaxException(new ScriptError(ScriptError.Kind.SYNTAX,
                    "Unexpected token }", "process.js", 4, 2, null));
            default -> new IllegalStateException("connection to db-prod-7.internal:5432 refused, password=hunter2");
        };
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.read(response.getBody(), JsonNode.class);
    }

    private APIGatewayV2HTTPResponse call(String method, String path) {
        return api.handle(Events.request(method, path));
    }

    @Test
    void routesToTheHandlerWithUrlDecodedPathParameters() {
        APIGatewayV2HTTPResponse r = call("GET", "/connectors/con%2F1%20x/icons/logo");
        assertEquals(200, r.getStatusCode());
        assertEquals("application/json", r.getHeaders().get("content-type"));
        assertEquals(Map.of("id", "con/1 x", "kind", "logo"), Json.read(r.getBody(), Map.class));
        assertFalse(r.getIsBase64Encoded());
        assertEquals("{\"id\":\"c1\"}", call("GET", "/connectors/c1/").getBody(), "a trailing slash matches");
    }

    @ParameterizedTest
    @MethodSource("domainsAndStages")
    void theApiBaseUrlIsTheDomainAndNamedStageTheRequestCameThrough(String domain, String stage, String expected) {
        APIGatewayV2HTTPEvent event = Events.request("GET", "/base");
        event.getRequestContext().setDomainName(domain);
        event.getRequestContext().setStage(stage);
        assertEquals(expected, json(api.handle(event)).path("apiBaseUrl").asText());
    }

    static Stream<Arguments> domainsAndStages() {
        return Stream.of(
                Arguments.of("abc123.execute-api.eu-west-1.amazonaws.com", "$default",
                        "https://abc123.execute-api.eu-west-1.amazonaws.com"),
                Arguments.of("abc123.execute-api.eu-west-1.amazonaws.com", "prod",
                        "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
                Arguments.of("api.example.com", null, "https://api.example.com"),
                Arguments.of(null, "$default", "null"));
    }

    @Test
    void aGreedyParameterTakesTheRestOfThePathButNotNothing() {
        assertEquals("{\"path\":\"assets/app.js\"}", call("GET", "/files/assets/app.js").getBody());
        assertEquals("{\"path\":\"a b/c\"}", call("GET", "/files/a%20b/c").getBody());
        assertEquals(404, call("GET", "/files").getStatusCode(), "a greedy parameter needs at least one segment");
    }

    @Test
    void aPlusInAPathSegmentIsAPlusNotASpace() {
        assertEquals("{\"id\":\"c+1\"}", call("GET", "/connectors/c+1").getBody());
    }

    @Test
    void aMalformedPercentEscapeIsBadInputNotAServerError() {
        APIGatewayV2HTTPResponse r = call("GET", "/connectors/c%zz");
        assertEquals(400, r.getStatusCode());
        assertEquals("The path segment 'c%zz' is not valid percent-encoding.", json(r).get("detail").asText());
    }

    @Test
    void anUnknownRouteIsANotFoundProblem() {
        APIGatewayV2HTTPResponse r = call("GET", "/nothing/here");
        assertEquals(404, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(Json.read("{\"type\":\"https://writeback.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"There is no route GET /nothing/here.\",\"instance\":\"/nothing/here\"}", JsonNode.class), json(r));
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedWithAllow() {
        APIGatewayV2HTTPResponse r = call("DELETE", "/connectors/c1");
        assertEquals(405, r.getStatusCode());
        assertEquals("GET, PUT", r.getHeaders().get("allow"));
        assertEquals("https://writeback.dev/problems/method-not-allowed", json(r).get("type").asText());
        assertEquals("DELETE is not supported on /connectors/c1; use GET, PUT.", json(r).get("detail").asText());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndTheMethodMayComeFromTheRouteKey() {
        APIGatewayV2HTTPEvent event = Events.request("PUT", "/connectors/c1");
        event.setHeaders(Map.of("If-Match", "\"3\""));
        assertEquals("{\"ifMatch\":\"\\\"3\\\"\"}", api.handle(event).getBody());

        APIGatewayV2HTTPEvent routeKeyOnly = new APIGatewayV2HTTPEvent();
        routeKeyOnly.setRawPath("/connectors/c9");
        routeKeyOnly.setRouteKey("GET /connectors/{id}");
        assertEquals("{\"id\":\"c9\"}", api.handle(routeKeyOnly).getBody());
    }

    static Stream<Arguments> coreFailures() {
        return Stream.of(
                Arguments.of(new InvalidInputException("Bad value."), 400, "invalid-input", "Invalid input"),
                Arguments.of(new UnauthorizedException("Who are you?"), 401, "unauthorized", "Unauthorized"),
                Arguments.of(new ForbiddenException("Not yours."), 403, "forbidden", "Forbidden"),
                Arguments.of(new NotFoundException("There is no connector c1."), 404, "not-found", "Not found"),
                Arguments.of(new ConflictException("Changed meanwhile."), 409, "conflict", "Conflict"),
                Arguments.of(new InvalidStateException("Submitted."), 409, "invalid-state", "Invalid state"),
                Arguments.of(new UnprocessableException("Refused."), 422, "unprocessable", "Unprocessable content"),
                Arguments.of(new UpstreamException("Domo is down."), 502, "upstream-failure", "Upstream failure"));
    }

    @ParameterizedTest
    @MethodSource("coreFailures")
    void eachCoreFailureIsAProblemWithItsStatusTypeTitleAndMessage(WritebackException failure, int status, String slug, String title) {
        HttpApi failing = new HttpApi(CallerResolver.fromJwtClaims()).route("POST", "/connectors/{id}/submit", r -> {
            throw failure;
        });
        APIGatewayV2HTTPResponse r = failing.handle(Events.request("POST", "/connectors/c1/submit"));

        assertEquals(status, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "https://writeback.dev/problems/" + slug);
        expected.put("title", title);
        expected.put("status", status);
        expected.put("detail", failure.getMessage());
        expected.put("instance", "/connectors/c1/submit");
        assertEquals(expected, Json.read(r.getBody(), Map.class));
    }

    @Test
    void aScriptSyntaxProblemSaysWhereTheErrorIs() {
        JsonNode body = json(call("GET", "/fail/syntax"));
        assertEquals(422, body.get("status").asInt());
        assertEquals("https://writeback.dev/problems/unprocessable", body.get("type").asText());
        assertEquals("process.js:4:2: Unexpected token }", body.get("detail").asText());
        assertEquals("process.js", body.get("script").asText());
        assertEquals(4, body.get("line").asInt());
        assertEquals(2, body.get("column").asInt());
    }

    @Test
    void anUnexpectedFailureIsAGeneric500ThatLeaksNothing() {
        APIGatewayV2HTTPResponse r = call("GET", "/fail/bug");
        assertEquals(500, r.getStatusCode());
        assertEquals("Something went wrong on our side; it has been logged. Try again, and report it if it persists.",
                json(r).get("detail").asText());
        assertEquals("https://writeback.dev/problems/internal-error", json(r).get("type").asText());
        for (String leak : new String[] {"hunter2", "db-prod-7", "IllegalStateException", "at dev."}) {
            assertFalse(r.getBody().contains(leak), leak);
        }
    }

    @Test
    void aBase64RequestBodyReachesTheHandlerAsBytes() {
        APIGatewayV2HTTPEvent event = Events.request("PUT", "/connectors/c1/icons/logo");
        event.setBody(Base64.getEncoder().encodeToString(PNG_START));
        event.setIsBase64Encoded(true);
        assertEquals(Map.of("bytes", 10, "first", 0x89), Json.read(api.handle(event).getBody(), Map.class));

        APIGatewayV2HTTPEvent broken = Events.request("PUT", "/connectors/c1/icons/logo");
        broken.setBody("not base64!");
        broken.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse r = api.handle(broken);
        assertEquals(400, r.getStatusCode());
        assertEquals("The request body is marked base64 but is not valid base64.", json(r).get("detail").asText());
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedNotStoredWithReplacementCharacters() {
        APIGatewayV2HTTPEvent latin1 = Events.request("POST", "/echo");
        latin1.setBody(Base64.getEncoder().encodeToString(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xE9, '"', '}'}));
        latin1.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse r = api.handle(latin1);
        assertEquals(400, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals("The request body is not valid UTF-8 (Input length = 1); send text encoded as UTF-8.", json(r).get("detail").asText());

        APIGatewayV2HTTPEvent replaced = Events.request("POST", "/echo");
        replaced.setBody("{\"n\":\"caf\uFFFD\"}");
        APIGatewayV2HTTPResponse r2 = api.handle(replaced);
        assertEquals(400, r2.getStatusCode());
        assertEquals("The request body holds U+FFFD, the replacement character, at character 9: it was not valid UTF-8 when it"
                + " reached the API. Send text encoded as UTF-8 (to mean that character itself, write it as \\uFFFD).",
                json(r2).get("detail").asText());

        APIGatewayV2HTTPEvent escaped = Events.request("POST", "/echo");
        escaped.setBody("{\"n\":\"caf\\uFFFD é 😀\"}");
        assertEquals(Map.of("n", "caf\uFFFD é 😀"), Json.read(api.handle(escaped).getBody(), Map.class));
    }

    @Test
    void aBodyOverTheLimitIsPayloadTooLarge() {
        APIGatewayV2HTTPEvent big = Events.request("POST", "/echo");
        big.setBody("{\"d\":\"" + "x".repeat(Limits.REQUEST_BODY_BYTES) + "\"}");
        APIGatewayV2HTTPResponse r = api.handle(big);
        assertEquals(413, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals("https://writeback.dev/problems/payload-too-large", json(r).get("type").asText());
        assertEquals("The request body is 2097160 bytes; request bodies are limited to 2097152 bytes.", json(r).get("detail").asText());
    }

    @Test
    void binaryResponsesAreBase64EncodedAndTextIsNot() {
        APIGatewayV2HTTPResponse png = call("GET", "/png");
        assertTrue(png.getIsBase64Encoded());
        assertEquals("image/png", png.getHeaders().get("content-type"));
        assertArrayEquals(PNG_START, Base64.getDecoder().decode(png.getBody()));

        APIGatewayV2HTTPResponse script = call("GET", "/script");
        assertFalse(script.getIsBase64Encoded());
        assertEquals("auth.authenticationSuccess();", script.getBody());
    }

    @Test
    void jsonBodiesAndQueryNumbersAreCheckedWithClearMessages() {
        APIGatewayV2HTTPEvent ok = Events.request("POST", "/echo");
        ok.setBody("{\"name\":\"Acme\"}");
        APIGatewayV2HTTPResponse created = api.handle(ok);
        assertEquals(201, created.getStatusCode());
        assertEquals("/echo/1", created.getHeaders().get("location"));
        assertEquals("{\"name\":\"Acme\"}", created.getBody());

        assertEquals("The request needs a JSON body.", json(api.handle(Events.request("POST", "/echo"))).get("detail").asText());
        APIGatewayV2HTTPEvent broken = Events.request("POST", "/echo");
        broken.setBody("{\"name\": ");
        APIGatewayV2HTTPResponse bad = api.handle(broken);
        assertEquals(400, bad.getStatusCode());
        assertTrue(json(bad).get("detail").asText().startsWith("The request body is not valid JSON for this operation: "),
                json(bad).get("detail").asText());

        APIGatewayV2HTTPEvent query = Events.request("GET", "/jobs");
        query.setQueryStringParameters(Map.of("limit", "ten"));
        assertEquals("Query parameter limit must be a whole number, not 'ten'.", json(api.handle(query)).get("detail").asText());
        query.setQueryStringParameters(Map.of("limit", " 5 "));
        assertEquals("{\"limit\":5}", api.handle(query).getBody());
    }

    @Test
    void aRouteThatNeedsTheCallerAnswers401WithoutAnIdentity() {
        APIGatewayV2HTTPResponse r = call("GET", "/me");
        assertEquals(401, r.getStatusCode());
        assertEquals("https://writeback.dev/problems/unauthorized", json(r).get("type").asText());
        assertEquals("The request carries no verified identity (JWT claims with sub and company_id).", json(r).get("detail").asText());

        APIGatewayV2HTTPEvent signedIn = Events.withClaims(Events.request("GET", "/me"), Map.of("sub", "u-1", "company_id", "acme"));
        assertEquals("{\"user\":\"u-1\"}", api.handle(signedIn).getBody());
        assertEquals(200, call("GET", "/connectors/c1").getStatusCode(), "routes that do not ask for the caller do not resolve it");
    }
}
