package dev.writeback.sql;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Domo's CSV dialect record by record straight from bytes: RFC 4180 with CRLF or bare LF,
 * an unquoted empty field is null, {@code ""} is the empty string. Fields are located, not
 * copied: a caller decodes only the fields it needs ({@link #string}, {@link #equalsBytes}, …).
 */
final class DomoCsvReader implements AutoCloseable {

    static final byte UNQUOTED = 0;
    static final byte QUOTED = 1;
    /** Quoted and holding {@code ""} escapes that must be undone. */
    static final byte ESCAPED = 2;

    private final InputStream in;
    private byte[] buf = new byte[1 << 18];
    private int pos;
    private int limit;
    private boolean eof;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private byte[] kinds = new byte[16];
    private int fields;
    private long record;

    DomoCsvReader(InputStream in) {
        this.in = in;
    }

    /** Number of the current record, 1-based, counting every record read (a header too). */
    long recordNumber() {
        return record;
    }

    int fieldCount() {
        return fields;
    }

    /** Moves to the next record; false at the end of the input. */
    boolean next() throws IOException {
        while (true) {
            int end = parse(pos);
            if (end >= 0) {
                pos = end;
                record++;
                return true;
            }
            if (end == END) {
                return false;
            }
            fill();
        }
    }

    private static final int MORE = -1;
    private static final int END = -2;

    /** Parses one record from {@code p}; returns the position after it, {@link #MORE} or {@link #END}. */
    private int parse(int p) throws IOException {
        final byte[] b = buf;
        final int lim = limit;
        if (p >= lim) {
            return eof ? END : MORE;
        }
        int f = 0;
        while (true) {
            if (f == starts.length) {
                grow();
            }
            if (p < lim && b[p] == '"') {
                int q = p + 1;
                byte kind = QUOTED;
                int close;
                while (true) {
                    while (q < lim && b[q] != '"') {
                        q++;
                    }
                    if (q >= lim) {
                        if (eof) {
                            throw new CsvFormatException("a quoted field is not closed before the end of the data");
                        }
                        return MORE;
                    }
                    if (q + 1 < lim && b[q + 1] == '"') {
                        kind = ESCAPED;
                        q += 2;
                        continue;
                    }
                    if (q + 1 >= lim && !eof) {
                        return MORE;
                    }
                    close = q;
                    break;
                }
                starts[f] = p + 1;
                ends[f] = close;
                kinds[f] = kind;
                p = close + 1;
            } else {
                int q = p;
                while (q < lim) {
                    byte c = b[q];
                    if (c == ',' || c == '\n' || c == '\r') {
                        break;
                    }
                    q++;
                }
                if (q >= lim && !eof) {
                    return MORE;
                }
                starts[f] = p;
                ends[f] = q;
                kinds[f] = UNQUOTED;
                p = q;
            }
            f++;
            if (p >= lim) {
                if (!eof) {
                    return MORE;
                }
                fields = f;
                return p;
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                if (p >= lim && !eof) {
                    return MORE;
                }
                continue;
            }
            if (c == '\n') {
                fields = f;
                return p + 1;
            }
            if (c == '\r') {
                if (p + 1 >= lim) {
                    if (!eof) {
                        return MORE;
                    }
                    fields = f;
                    return p + 1;
                }
                fields = f;
                return b[p + 1] == '\n' ? p + 2 : p + 1;
            }
            throw new CsvFormatException("unexpected character '" + (char) c + "' after a closing quote");
        }
    }

    private void grow() {
        starts = Arrays.copyOf(starts, starts.length * 2);
        ends = Arrays.copyOf(ends, ends.length * 2);
        kinds = Arrays.copyOf(kinds, kinds.length * 2);
    }

    /** Keeps the unparsed rest, makes room (doubling for a record larger than the buffer) and reads more. */
    private void fill() throws IOException {
        int rest = limit - pos;
        if (pos == 0 && rest == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, rest);
        }
        pos = 0;
        limit = rest;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    boolean isNull(int field) {
        return kinds[field] == UNQUOTED && starts[field] == ends[field];
    }

    /** Empty or null: no value for a non-string column. */
    boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    String string(int field) {
        int s = starts[field];
        int e = ends[field];
        if (kinds[field] == UNQUOTED && s == e) {
            return null;
        }
        String v = new String(buf, s, e - s, StandardCharsets.UTF_8);
        return kinds[field] == ESCAPED ? v.replace("\"\"", "\"") : v;
    }

    /** The raw text of a field (for error messages and slow-path parsing). */
    String text(int field) {
        String v = new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
        return kinds[field] == ESCAPED ? v.replace("\"\"", "\"") : v;
    }

    /** True when the field's value is exactly {@code value} (UTF-8); null never equals. */
    boolean equalsBytes(int field, byte[] value) {
        int s = starts[field];
        int e = ends[field];
        if (kinds[field] == ESCAPED) {
            return Arrays.equals(text(field).getBytes(StandardCharsets.UTF_8), value);
        }
        if (kinds[field] == UNQUOTED && s == e) {
            return false;
        }
        return Arrays.equals(buf, s, e, value, 0, value.length);
    }

    /** A whole number, or {@link Long#MIN_VALUE} marker via {@code ok[0] = false} when not one. */
    long parseLong(int field, boolean[] ok) {
        int s = starts[field];
        int e = ends[field];
        byte[] b = buf;
        boolean neg = false;
        if (s < e && (b[s] == '-' || b[s] == '+')) {
            neg = b[s] == '-';
            s++;
        }
        if (s == e || e - s > 18) {
            return slowLong(field, ok);
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return slowLong(field, ok);
            }
            v = v * 10 + d;
        }
        ok[0] = true;
        return neg ? -v : v;
    }

    private long slowLong(int field, boolean[] ok) {
        try {
            long v = new BigDecimal(text(field).trim()).longValueExact();
            ok[0] = true;
            return v;
        } catch (ArithmeticException | NumberFormatException e) {
            ok[0] = false;
            return 0;
        }
    }

    /** Reads {@code digits} decimal digits at {@code at} of the field, or -1. */
    int digits(int field, int at, int count) {
        int s = starts[field] + at;
        if (s + count > ends[field]) {
            return -1;
        }
        int v = 0;
        for (int i = s; i < s + count; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    int length(int field) {
        return ends[field] - starts[field];
    }

    byte byteAt(int field, int at) {
        return buf[starts[field] + at];
    }

    /** ASCII text of a field, cheap, for number parsing. */
    String ascii(int field) {
        return new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The bytes are not CSV (an unclosed quote, text after a closing quote). */
    static final class CsvFormatException extends IOException {
        CsvFormatException(String message) {
            super(message);
        }
    }
}
