package dev.writeback.core.testrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CannedResponseTest {

    private static CannedResponse pattern(String method, String urlPattern) {
        return new CannedResponse(method, urlPattern, null, null, null);
    }

    @Test
    void aStarStandsForAnyRunOfCharactersAndEverythingElseForItself() {
        CannedResponse items = pattern(null, "https://api.example.com/v1/items*");
        assertTrue(items.matches("GET", "https://api.example.com/v1/items"));
        assertTrue(items.matches("POST", "https://api.example.com/v1/items?page=2&q=a.b"));
        assertFalse(items.matches("GET", "https://api.example.com/v1/item"));
        assertFalse(pattern(null, "https://api.example.com/v1/a.c").matches("GET", "https://api.example.com/v1/abc"),
                "a dot is a dot, not any character");
        assertTrue(pattern(null, "*").matches("DELETE", "https://x.example/anything"));
        assertTrue(pattern(null, "https://*.example.com/*/files").matches("PUT", "https://eu.example.com/v2/files"));
        assertFalse(pattern(null, "https://*.example.com/*/files").matches("PUT", "https://eu.example.com/v2/files/1"));
    }

    @Test
    void theMethodMatchesInAnyCaseAndAnAbsentOneMatchesAll() {
        assertTrue(pattern("post", "*").matches("POST", "https://x.example/"));
        assertFalse(pattern("POST", "*").matches("GET", "https://x.example/"));
    }

    @Test
    void theAnswerDefaultsTo200WithAnEmptyBody() {
        var answer = pattern(null, "*").response();
        assertEquals(200, answer.status());
        assertEquals("", new String(answer.body(), StandardCharsets.UTF_8));
        var given = new CannedResponse("GET", "*", 404, Map.of("X-Why", "gone"), "{\"error\":\"gone\"}").response();
        assertEquals(404, given.status());
        assertEquals(List.of("gone"), given.headers().get("X-Why"));
        assertEquals("{\"error\":\"gone\"}", new String(given.body(), StandardCharsets.UTF_8));
    }

    @Test
    void eachMalformedResponseIsRefusedNamingItsField() {
        assertEquals("responses[1].urlPattern is required, e.g. https://api.example.com/v1/*.", refused(
                List.of(pattern(null, "*"), pattern("GET", " "))));
        assertEquals("responses[0].status must be an HTTP status from 100 to 599, not 99.", refused(
                List.of(new CannedResponse(null, "*", 99, null, null))));
        assertEquals("responses[0].method must be an HTTP method such as GET or POST, not 'GE T'.", refused(
                List.of(pattern("GE T", "*"))));
        assertEquals("responses[0].headers: 'Bad Name' is not a header name with a text value.", refused(
                List.of(new CannedResponse(null, "*", null, Map.of("Bad Name", "v"), null))));
        List<CannedResponse> many = new ArrayList<>();
        for (int i = 0; i <= CannedResponse.MAX; i++) {
            many.add(pattern(null, "*"));
        }
        assertEquals("responses: at most 100 canned responses, not 101.", refused(many));
        String half = "x".repeat(CannedResponse.MAX_BODY_BYTES / 2);
        assertEquals("responses[2].body: the canned bodies add up to more than 262144 bytes.", refused(List.of(
                new CannedResponse(null, "*", null, null, half), new CannedResponse(null, "*", null, null, half),
                new CannedResponse(null, "*", null, null, "!"))));
        List<CannedResponse> withNull = new ArrayList<>();
        withNull.add(null);
        assertEquals("responses[0] must be an object {method, urlPattern, status, headers, body}.", refused(withNull));
    }

    private static String refused(List<CannedResponse> responses) {
        return assertThrows(InvalidInputException.class, () -> CannedResponse.validate(responses)).getMessage();
    }
}
