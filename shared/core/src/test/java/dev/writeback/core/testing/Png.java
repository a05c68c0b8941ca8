package dev.writeback.core.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Tiny PNG files: the signature and an IHDR chunk, which is all an upload is checked by. */
public final class Png {
    private Png() {
    }

    public static byte[] header(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height);
        b.put(new byte[] {8, 6, 0, 0, 0}); // 8-bit RGBA, default compression, filter, no interlace
        b.putInt(0); // CRC: not checked
        return b.array();
    }

    /** A PNG of the given dimensions padded to {@code totalBytes}. */
    public static byte[] padded(int width, int height, int totalBytes) {
        return Arrays.copyOf(header(width, height), totalBytes);
    }
}
