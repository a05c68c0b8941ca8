package dev.writeback.core.connector;

import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Reads what we check of a PNG from its bytes (never from a content-type header): signature and size. */
public record PngImage(int width, int height) {
    public static final int MAX_BYTES = Limits.ICON_BYTES;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Parses the signature and the IHDR chunk; {@link InvalidInputException} if this is not a PNG. */
    public static PngImage read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("The icon is empty; upload a PNG file.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("The icon is " + bytes.length + " bytes; the limit is " + MAX_BYTES + " bytes (1 MiB).");
        }
        if (bytes.length < 24 || !Arrays.equals(Arrays.copyOf(bytes, 8), SIGNATURE)
                || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D' || bytes[15] != 'R') {
            throw new InvalidInputException("The icon is not a PNG image (its first bytes are not a PNG signature).");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 16, 8);
        return new PngImage(b.getInt(), b.getInt());
    }

    public void requireSize(IconKind kind) {
        if (width != kind.width() || height != kind.height()) {
            throw new InvalidInputException("The " + kind.slug() + " must be " + kind.width() + "×" + kind.height()
                    + " pixels; this PNG is " + width + "×" + height + ".");
        }
    }
}
