package dev.writeback.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.error.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRequestTest {
    record AuthBody(Authentication authentication, String clientSecret) {
    }

    record UpdateBody(String name, List<String> reports, List<Parameter> parameters) {
    }

    record Timed(Instant at, int count, boolean flag) {
    }

    record Measured(double ratio, Long big, Map<String, String> parameters) {
    }

    private static String message(String json, Class<?> type) {
        return assertThrows(InvalidInputException.class, () -> Json.readRequest(json, type)).getMessage();
    }

    @Test
    void aBadEnumNamesTheFieldAndTheAllowedValuesNotAJavaType() {
        assertEquals("Field authentication.type must be one of NONE, USERNAME_PASSWORD, API_KEY, OAUTH2, CUSTOM; got 'FOO'.",
                message("{\"authentication\":{\"type\":\"FOO\"}}", AuthBody.class));
        assertEquals("Field parameters[1].type must be one of STRING, TEXT, INTEGER, DROPDOWN, DATE, DISCOVERY; got 'TEXTAREA'.",
                message("{\"parameters\":[{\"name\":\"a\"},{\"name\":\"b\",\"type\":\"TEXTAREA\"}]}", UpdateBody.class));
    }

    @Test
    void aValueOfTheWrongKindSaysWhatItMustBe() {
        assertEquals("Field reports must be a list; got an object.", message("{\"reports\":{\"a\":1}}", UpdateBody.class));
        assertEquals("Field name must be a string; got an object.", message("{\"name\":{}}", UpdateBody.class));
        assertEquals("Field count must be a whole number; got 'many'.", message("{\"count\":\"many\"}", Timed.class));
        assertEquals("Field at must be an ISO-8601 date or time, e.g. 2025-03-01T09:00:00Z; got 'yesterday'.",
                message("{\"at\":\"yesterday\"}", Timed.class));
        assertEquals("The request body must be an object; got a list.", message("[1,2]", UpdateBody.class));
    }

    @Test
    void malformedJsonGivesItsLocation() {
        String m = message("{\"name\": }", UpdateBody.class);
        assertEquals(true, m.startsWith("The request body is not valid JSON for this operation: Unexpected character ('}'"), m);
        assertEquals(true, m.endsWith("(line 1, column 10)."), m);
        assertEquals("The request needs a JSON body.", message(" ", UpdateBody.class));
    }

    @Test
    void aNullBodyIsABadRequestNotACrash() {
        assertEquals("The request body must be a JSON object, not null.", assertThrows(
                InvalidInputException.class,
                () -> Json.readRequest("null", Map.class)).getMessage());
    }

    @Test
    void noValueIsCoercedIntoAnotherJsonType() {
        assertEquals("Field name must be a string; got a number.", message("{\"name\":123}", UpdateBody.class));
        assertEquals("Field name must be a string; got a number.", message("{\"name\":1.5}", UpdateBody.class));
        assertEquals("Field name must be a string; got a boolean.", message("{\"name\":true}", UpdateBody.class));
        assertEquals("Field reports[1] must be a string; got a number.", message("{\"reports\":[\"a\",2]}", UpdateBody.class));
        assertEquals("Field parameters.n must be a string; got a number.", message("{\"parameters\":{\"n\":1e999999}}", Measured.class));
        assertEquals("Field count must be a whole number; got '12'.", message("{\"count\":\"12\"}", Timed.class));
        assertEquals("Field count must be a whole number; got a number.", message("{\"count\":1.5}", Timed.class));
        assertEquals("Field flag must be true or false; got 'true'.", message("{\"flag\":\"true\"}", Timed.class));
        assertEquals("Field flag must be true or false; got a number.", message("{\"flag\":1}", Timed.class));
        assertEquals("Field parameters[0].type must be one of STRING, TEXT, INTEGER, DROPDOWN, DATE, DISCOVERY; got a number.",
                message("{\"parameters\":[{\"name\":\"a\",\"type\":1}]}", UpdateBody.class));
    }

    @Test
    void valuesOfTheirOwnTypeStillBind() {
        Timed t = Json.readRequest("{\"at\":\"2025-03-01T09:00:00Z\",\"count\":3,\"flag\":true}", Timed.class);
        assertEquals(new Timed(Instant.parse("2025-03-01T09:00:00Z"), 3, true), t);
        Measured m = Json.readRequest("{\"ratio\":2,\"big\":5,\"parameters\":{\"n\":\"1.5\",\"e\":\"\"}}", Measured.class);
        assertEquals(new Measured(2.0, 5L, Map.of("n", "1.5", "e", "")), m);
        UpdateBody u = Json.readRequest("{\"name\":\"\",\"reports\":[],\"parameters\":[{\"name\":\"p\",\"type\":\"DATE\"}]}",
                UpdateBody.class);
        assertEquals("", u.name());
        assertEquals(Parameter.Type.DATE, u.parameters().get(0).type());
    }

    @Test
    void aFieldGivenTwiceOrTrailingContentIsRefused() {
        String twice = message("{\"name\":\"a\",\"name\":\"b\"}", UpdateBody.class);
        assertEquals(true, twice.startsWith("The request body is not valid JSON for this operation: Duplicate field 'name'"), twice);
        assertEquals("The request body has more after its JSON value; send one JSON object.",
                message("{\"name\":\"a\"} {}", UpdateBody.class));
    }
}
