package dev.writeback.core.testrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.SecretRedactor;
import dev.writeback.core.script.HttpTap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRunTraceTest {
    private static final String SECRET = "tok-123456";

    private static HttpTap.Request request(String method, String url, String body) {
        return new HttpTap.Request(method, url, Map.of("Authorization", List.of("Bearer " + SECRET)),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpTap.Network refusingNetwork(List<HttpTap.Request> sent) {
        return r -> {
            sent.add(r);
            throw new AssertionError("a dry test run sent " + r.url());
        };
    }

    @Test
    void dryModeAnswersWithTheFirstMatchingCannedResponseElseTheDefaultAndSendsNothing() {
        TestRunTrace trace = new TestRunTrace(true, List.of(
                new CannedResponse("POST", "https://api.example.com/*", 201, Map.of(), "first"),
                new CannedResponse(null, "https://api.example.com/v1/*", 202, Map.of(), "second")), 10);
        List<HttpTap.Request> sent = new ArrayList<>();

        HttpTap.Response post = trace.http().exchange(request("POST", "https://api.example.com/v1/rows", "{}"), refusingNetwork(sent));
        HttpTap.Response get = trace.http().exchange(request("GET", "https://api.example.com/v1/rows", null), refusingNetwork(sent));
        HttpTap.Response other = trace.http().exchange(request("GET", "https://other.example.com/", null), refusingNetwork(sent));

        assertEquals(List.of(), sent);
        assertEquals("201 first", post.status() + " " + new String(post.body(), StandardCharsets.UTF_8));
        assertEquals("202 second", get.status() + " " + new String(get.body(), StandardCharsets.UTF_8));
        assertEquals("200 {}", other.status() + " " + new String(other.body(), StandardCharsets.UTF_8));
        assertTrue(trace.exchanges(SecretRedactor.none(), 1024, 4096).stream().allMatch(TestRun.Exchange::stubbed));
    }

    @Test
    void theRequestPastTheBudgetIsRefusedAndNotRecorded() {
        TestRunTrace trace = new TestRunTrace(true, List.of(), 2);
        trace.http().exchange(request("GET", "https://a.example/1", null), r -> null);
        trace.http().exchange(request("GET", "https://a.example/2", null), r -> null);

        HttpTap.Refused refused = assertThrows(HttpTap.Refused.class,
                () -> trace.http().exchange(request("GET", "https://a.example/3?key=x", null), r -> null));

        assertEquals("a test run sends at most 2 requests; GET https://a.example/3 was not sent", refused.getMessage());
        assertEquals(2, trace.exchanges(SecretRedactor.none(), 1024, 4096).size());
    }

    @Test
    void exchangesAreRedactedBeforeTheirBodiesAreCutAndKeepTheirFullSizes() {
        TestRunTrace trace = new TestRunTrace(false, List.of(), 10);
        String body = "x".repeat(6) + SECRET + "y".repeat(100);
        trace.http().exchange(request("PUT", "https://api.example.com/v1?key=" + SECRET, body),
                r -> new HttpTap.Response(200, Map.of("Set-Cookie", List.of("s=" + SECRET)), ("ok " + SECRET).getBytes(StandardCharsets.UTF_8)));

        TestRun.Exchange e = trace.exchanges(SecretRedactor.of(List.of(SECRET)), 10, 4096).getFirst();

        assertEquals("https://api.example.com/v1?key=***", e.url());
        assertEquals("xxxxxx***y", e.requestBody(), "the secret cut by the cap is masked, not half shown");
        assertEquals(body.length(), e.requestBytes());
        assertEquals(List.of("Bearer ***"), e.requestHeaders().get("Authorization"));
        assertEquals(List.of("s=***"), e.responseHeaders().get("Set-Cookie"));
        assertEquals("ok ***", e.responseBody());
        assertEquals(("ok " + SECRET).length(), e.responseBytes());
    }

    @Test
    void bodiesPastTheRecordsTotalAreLeftOutWithTheirSizesKept() {
        TestRunTrace trace = new TestRunTrace(true, List.of(new CannedResponse(null, "*", null, null, "r".repeat(8))), 10);
        trace.http().exchange(request("POST", "https://a.example/1", "a".repeat(8)), r -> null);
        trace.http().exchange(request("POST", "https://a.example/2", "b".repeat(8)), r -> null);

        List<TestRun.Exchange> kept = trace.exchanges(SecretRedactor.none(), 8, 20);

        assertEquals(List.of("aaaaaaaa", "rrrrrrrr", "bbbb", ""), List.of(kept.get(0).requestBody(), kept.get(0).responseBody(),
                kept.get(1).requestBody(), kept.get(1).responseBody()));
        assertEquals(8, kept.get(1).responseBytes());
    }

    @Test
    void aLiveRequestThatGotNoAnswerIsRecordedWithWhy() {
        TestRunTrace trace = new TestRunTrace(false, List.of(), 10);

        assertThrows(IllegalStateException.class, () -> trace.http().exchange(request("GET", "https://down.example/", null), r -> {
            throw new IllegalStateException("could not connect to https://down.example/ (connection refused)");
        }));

        TestRun.Exchange e = trace.exchanges(SecretRedactor.none(), 1024, 4096).getFirst();
        assertEquals(0, e.status());
        assertEquals("could not connect to https://down.example/ (connection refused)", e.error());
    }
}
