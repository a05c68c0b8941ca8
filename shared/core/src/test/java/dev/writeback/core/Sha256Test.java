package dev.writeback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hexIsTheWholeDigestOrItsFirstBytes() {
        assertEquals(ABC, Sha256.hex("abc"));
        assertEquals(ABC.substring(0, 12), Sha256.hex("abc", 6));
        assertEquals(ABC.substring(0, 40), Sha256.hex("abc".getBytes(StandardCharsets.UTF_8), 20));
        assertEquals(32, Sha256.digest(new byte[0]).length);
    }
}
