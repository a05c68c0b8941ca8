package dev.writeback.script;

import java.nio.charset.StandardCharsets;

/**
 * How {@code httprequest.addParameter} writes a name or value into the query string: the characters RFC 3986 allows
 * in a query keep their form (so {@code fields=id,name} stays as Domo's reference shows it), except the ones that
 * would change how the query splits ({@code &}, {@code =}, {@code +}, {@code #}); everything else is percent-encoded
 * as UTF-8 ({@code %20} for a space).
 */
final class QueryText {
    private static final String KEPT_PUNCTUATION = "-._~!$'()*,;:@/?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || KEPT_PUNCTUATION.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private QueryText() {
    }
}
