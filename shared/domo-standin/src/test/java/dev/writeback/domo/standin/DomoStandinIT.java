package dev.writeback.domo.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in's wire shapes, as a raw HTTP client sees them. */
class DomoStandinIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("cid:secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    DomoStandin standin;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("abc.json"), """
                {"name": "Orders", "owner": {"id": "3", "name": "Bo"},
                 "schema": {"columns": [{"name": "id", "type": "LONG"}, {"name": "note \\"x\\"", "type": "STRING"}]}}
                """);
        Files.writeString(dir.resolve("abc.csv"), "1,\"a\nb\"\n2,\n3,c");
        standin = DomoStandin.builder().client("cid", "secret").datasetsFrom(dir).start();
    }

    @AfterEach
    void stop() {
        standin.close();
    }

    HttpResponse<String> get(String pathAndQuery, String auth, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(standin.baseUri().resolve(pathAndQuery));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token() throws Exception {
        return MAPPER.readTree(get("/oauth/token?grant_type=client_credentials&scope=data", BASIC, null).body()).get("access_token").asText();
    }

    @Test
    void issuesJwtLookingTokensByGetAndByPost() throws Exception {
        JsonNode byGet = MAPPER.readTree(get("/oauth/token?grant_type=client_credentials&scope=data%20user", BASIC, null).body());
        assertEquals("data user", byGet.get("scope").asText());
        assertEquals("bearer", byGet.get("token_type").asText());
        assertEquals(3599, byGet.get("expires_in").asInt());
        String[] jwt = byGet.get("access_token").asText().split("\\.");
        assertEquals(3, jwt.length);
        JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals(claims.get("iat").asLong() + 3599, claims.get("exp").asLong());

        HttpResponse<String> byPost = http.send(HttpRequest.newBuilder(standin.baseUri().resolve("/oauth/token"))
                .header("Authorization", BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, byPost.statusCode());
        assertEquals("data user", MAPPER.readTree(byPost.body()).get("scope").asText());
    }

    @Test
    void refusesBadCredentialsAndMissingTokensWithDomosErrorBody() throws Exception {
        HttpResponse<String> bad = get("/oauth/token?grant_type=client_credentials", "Basic eDp5", null);
        assertEquals(401, bad.statusCode());
        JsonNode body = MAPPER.readTree(bad.body());
        assertEquals(List.of("status", "statusReason", "message", "toe"), names(body.fieldNames()));
        assertEquals("Bad credentials", body.get("message").asText());

        HttpResponse<String> none = get("/v1/datasets", null, null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void listsWithLimitAtMostFiftyAndDescribesADataset() throws Exception {
        String bearer = "bearer " + token();
        HttpResponse<String> tooMany = get("/v1/datasets?limit=51", bearer, null);
        assertEquals(400, tooMany.statusCode());
        assertEquals("limit must be between 1 and 50, was 51", MAPPER.readTree(tooMany.body()).get("message").asText());

        assertEquals("[{\"id\":\"abc\",\"name\":\"Orders\",\"rows\":3,\"columns\":2,\"createdAt\":\"2024-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2024-01-01T00:00:00Z\"}]", get("/v1/datasets?nameLike=ORD", bearer, null).body());
        assertEquals("[]", get("/v1/datasets?offset=1", bearer, null).body());

        JsonNode ds = MAPPER.readTree(get("/v1/datasets/abc", bearer, null).body());
        assertEquals("{\"type\":\"STRING\",\"name\":\"note \\\"x\\\"\"}", ds.get("schema").get("columns").get(1).toString());
        assertEquals("Bo", ds.get("owner").get("name").asText());
        assertEquals(404, get("/v1/datasets/zzz", bearer, null).statusCode());
    }

    @Test
    void exportsCsvWithOrWithoutAHeader() throws Exception {
        String bearer = "Bearer " + token();
        HttpResponse<String> plain = get("/v1/datasets/abc/data", bearer, "text/csv");
        assertEquals("1,\"a\nb\"\n2,\n3,c", plain.body());
        assertEquals("attachment; filename=abc.csv", plain.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("\"id\",\"note \"\"x\"\"\"\n1,\"a\nb\"\n2,\n3,c",
                get("/v1/datasets/abc/data?includeHeader=true&fileName=o.csv", bearer, "text/csv").body());
        assertEquals(406, get("/v1/datasets/abc/data", bearer, "application/json").statusCode());
    }

    @Test
    void scriptedFaultsComeFirstThenRealAnswers() throws Exception {
        standin.failNext("/oauth/token", 1, Fault.tooManyRequests(3));
        HttpResponse<String> limited = get("/oauth/token?grant_type=client_credentials", BASIC, null);
        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, get("/oauth/token?grant_type=client_credentials", BASIC, null).statusCode());
        assertEquals(List.of(429, 200), standin.requests("/oauth/token").stream().map(RecordedRequest::status).toList());
    }

    private static <T> List<T> names(Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

}
