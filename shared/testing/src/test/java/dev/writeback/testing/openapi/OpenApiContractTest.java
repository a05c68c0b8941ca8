package dev.writeback.testing.openapi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {
    private static final String SPEC = """
            openapi: 3.1.0
            info: { title: t, version: '1' }
            paths:
              /things/{id}:
                get:
                  responses:
                    '200':
                      description: The thing.
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/Thing' }
                    '4XX': { $ref: '#/components/responses/Problem' }
                delete:
                  responses:
                    '204': { description: Deleted. }
              /things/{id}/icon:
                get:
                  responses:
                    '200':
                      description: The icon.
                      content:
                        image/png:
                          schema: { type: string, format: binary }
                    '422':
                      description: Refused with a line.
                      content:
                        application/problem+json:
                          schema: { $ref: '#/components/schemas/LineProblem' }
                    default: { $ref: '#/components/responses/Problem' }
            components:
              responses:
                Problem:
                  description: A problem.
                  content:
                    application/problem+json:
                      schema: { $ref: '#/components/schemas/Problem' }
              schemas:
                Problem:
                  type: object
                  required: [title, status]
                  properties:
                    title: { type: string }
                    status: { type: integer }
                LineProblem:
                  allOf:
                    - $ref: '#/components/schemas/Problem'
                    - type: object
                      required: [line]
                      properties:
                        line: { type: integer, minimum: 1 }
                Thing:
                  type: object
                  required: [id, tags]
                  properties:
                    id: { type: string }
                    note: { type: string }
                    tags: { type: array, items: { $ref: '#/components/schemas/Tag' } }
                    secret: { type: string, writeOnly: true }
                    createdAt: { type: string, format: date-time }
                Tag:
                  type: object
                  properties:
                    name: { type: string }
            """;

    private final OpenApiContract contract = OpenApiContract.parse(SPEC);

    private void check(String method, String path, int status, String contentType, String body) {
        contract.check(method, path, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts the check fails and its message (what a developer reads) names {@code expected}. */
    private void fails(String expected, String method, String path, int status, String contentType, String body) {
        AssertionError e = assertThrows(AssertionError.class, () -> check(method, path, status, contentType, body));
        assertTrue(e.getMessage().contains(expected), "expected a failure naming " + expected + ", got: " + e.getMessage());
    }

    @Test
    void aBodyAsDocumentedPasses() {
        assertDoesNotThrow(() -> check("GET", "/things/t-1?x=1", 200, "application/json; charset=utf-8",
                "{\"id\":\"t-1\",\"tags\":[{\"name\":\"a\"}],\"createdAt\":\"2026-01-01T00:00:00Z\"}"));
    }

    @Test
    void aFieldTheDescriptionLacksFails() {
        fails("colour", "GET", "/things/t-1", 200, "application/json", "{\"id\":\"t-1\",\"tags\":[],\"colour\":\"red\"}");
        fails("#/components/schemas/Thing", "GET", "/things/t-1", 200, "application/json",
                "{\"id\":\"t-1\",\"tags\":[],\"colour\":\"red\"}");
    }

    @Test
    void aFieldTheDescriptionLacksFailsInNestedObjectsToo() {
        fails("colour", "GET", "/things/t-1", 200, "application/json",
                "{\"id\":\"t-1\",\"tags\":[{\"name\":\"a\",\"colour\":\"red\"}]}");
    }

    @Test
    void aMissingRequiredFieldFails() {
        fails("tags", "GET", "/things/t-1", 200, "application/json", "{\"id\":\"t-1\"}");
    }

    @Test
    void aWriteOnlyFieldSentBackFails() {
        fails("secret", "GET", "/things/t-1", 200, "application/json", "{\"id\":\"t-1\",\"tags\":[],\"secret\":\"s3cr3t\"}");
    }

    @Test
    void aValueOfAnotherTypeOrFormatFails() {
        fails("/id integer found, string expected", "GET", "/things/t-1", 200, "application/json", "{\"id\":1,\"tags\":[]}");
        fails("/createdAt", "GET", "/things/t-1", 200, "application/json",
                "{\"id\":\"t\",\"tags\":[],\"createdAt\":\"yesterday\"}");
    }

    @Test
    void anErrorMustBeAProblemOfTheDocumentedShape() {
        assertDoesNotThrow(() -> check("GET", "/things/nope", 404, "application/problem+json",
                "{\"title\":\"Not found\",\"status\":404}"));
        fails("Content-Type application/json is not documented", "GET", "/things/nope", 404, "application/json", "{\"title\":\"Not found\",\"status\":404}");
        fails("status", "GET", "/things/nope", 404, "application/problem+json", "{\"title\":\"Not found\"}");
    }

    @Test
    void anAllOfIsClosedOverAllItsBranches() {
        assertDoesNotThrow(() -> check("GET", "/things/t-1/icon", 422, "application/problem+json",
                "{\"title\":\"Bad\",\"status\":422,\"line\":3}"));
        fails("column", "GET", "/things/t-1/icon", 422, "application/problem+json",
                "{\"title\":\"Bad\",\"status\":422,\"line\":3,\"column\":4}");
        fails("line", "GET", "/things/t-1/icon", 422, "application/problem+json",
                "{\"title\":\"Bad\",\"status\":422}");
    }

    @Test
    void aStatusFallsBackToItsRangeThenToDefault() {
        assertDoesNotThrow(() -> check("GET", "/things/t-1/icon", 500, "application/problem+json",
                "{\"title\":\"Oops\",\"status\":500}"));
        fails("documents no status 409", "DELETE", "/things/t-1", 409, "application/problem+json",
                "{\"title\":\"Busy\",\"status\":409}");
    }

    @Test
    void anUndocumentedRouteOrMethodFailsUnlessItIsRefusedWithAProblem() {
        assertDoesNotThrow(() -> check("GET", "/others", 404, "application/problem+json",
                "{\"title\":\"Not found\",\"status\":404}"));
        assertDoesNotThrow(() -> check("PUT", "/things/t-1", 405, "application/problem+json",
                "{\"title\":\"Method not allowed\",\"status\":405}"));
        fails("is not a Problem", "GET", "/others", 404, "application/problem+json", "{\"title\":\"Not found\"}");
        fails("documents no path /others", "GET", "/others", 200, "application/json", "{}");
        fails("documents no PUT on /things/{id}", "PUT", "/things/t-1", 200, "application/json", "{}");
    }

    @Test
    void nonJsonBodiesAreCheckedForTheirContentTypeAndEmptyOnesForHavingNoBody() {
        assertDoesNotThrow(() -> contract.check("GET", "/things/t-1/icon", 200, "image/png", new byte[] {(byte) 0x89, 'P'}));
        fails("Content-Type text/html is not documented", "GET", "/things/t-1/icon", 200, "text/html", "<p>hi</p>");
        assertDoesNotThrow(() -> contract.check("DELETE", "/things/t-1", 204, Map.of(), new byte[0]));
        fails("documented without a body", "DELETE", "/things/t-1", 204, "application/json", "{}");
        fails("documented with a JSON body, but the answer has none", "GET", "/things/t-1", 200, "application/json", "");
        fails("the body is not JSON", "GET", "/things/t-1", 200, "application/json", "<html>");
    }

    @Test
    void theDocumentedPropertiesNeverSeenAreReported() {
        assertEquals(Set.of("createdAt", "id", "note", "tags"), contract.unseen("Thing"));
        check("GET", "/things/t-1", 200, "application/json", "{\"id\":\"t-1\",\"tags\":[{\"name\":\"a\"}]}");
        assertEquals(Set.of("createdAt", "note"), contract.unseen("Thing"));
        assertEquals(Set.of(), contract.unseen("Tag"));
    }

    @Test
    void theRepositoryDescriptionIsFoundAndChecked() {
        AssertionError e = assertThrows(AssertionError.class, () -> OpenApiContract.repository().check("GET",
                "/connectors/con-1", 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("Content-Type application/json is not documented"), e.getMessage());
    }
}
