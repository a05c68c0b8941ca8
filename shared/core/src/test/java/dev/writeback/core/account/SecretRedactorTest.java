package dev.writeback.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.script.DataGrid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecretIsMaskedRawUrlEncodedAndInEveryBase64Form() {
        String token = "tok/en+1?";
        SecretRedactor redactor = SecretRedactor.of(Set.of(token));
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);

        assertEquals("raw *** end", redactor.apply("raw " + token + " end"));
        assertEquals("q=***", redactor.apply("q=tok%2Fen%2B1%3F"));
        assertEquals("b=***", redactor.apply("b=" + Base64.getEncoder().encodeToString(bytes)));
        assertEquals("b=***", redactor.apply("b=" + Base64.getEncoder().withoutPadding().encodeToString(bytes)));
        assertEquals("b=***", redactor.apply("b=" + Base64.getUrlEncoder().encodeToString(bytes)));
        assertEquals("b=***", redactor.apply("b=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    @Test
    void theBasicFormOfAUsernameAndPasswordIsMasked() {
        Set<String> secrets = Set.of("s3cret", "ann:s3cret");
        assertEquals("Authorization: Basic ***", SecretRedactor.of(secrets).apply("Authorization: Basic " + base64("ann:s3cret")));
    }

    @Test
    void secretsShorterThanFourCharactersAreLeftAloneSoTextStaysReadable() {
        SecretRedactor redactor = SecretRedactor.of(Set.of("a1", "abc", "abcd"));
        assertEquals("a1 abc ***", redactor.apply("a1 abc abcd"));
    }

    @Test
    void aSecretContainingAnotherIsHiddenWhole() {
        assertEquals("[***]", SecretRedactor.of(Set.of("pass", "password-1")).apply("[password-1]"));
    }

    @Test
    void textCellsAndStateValuesAreMaskedAndOtherCellsKept() {
        SecretRedactor redactor = SecretRedactor.of(Set.of("key-123"));
        DataGrid grid = new DataGrid(List.of(new DataGrid.GridColumn("a", "STRING"), new DataGrid.GridColumn("b", "LONG")),
                List.of(Arrays.asList("x key-123", 7), Arrays.asList(null, null)), true);

        assertEquals(new DataGrid(grid.columns(), List.of(Arrays.asList("x ***", 7), Arrays.asList(null, null)), true),
                redactor.apply(grid));
        assertEquals(Map.of("t", "***", "c", "1"), redactor.apply(Map.of("t", "key-123", "c", "1")));
    }
}
