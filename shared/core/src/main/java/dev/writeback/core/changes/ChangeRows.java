package dev.writeback.core.changes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.DomoValues;
import dev.writeback.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Rows as bytes for the diff: a key (the key columns' values as a JSON array, compared byte by byte), a row (all cells as
 * a JSON array, read back with the column types) and a row digest (the first {@value #DIGEST_BYTES} bytes of the row's
 * SHA-256). Not thread-safe: one per diff.
 */
final class ChangeRows {
    static final int DIGEST_BYTES = 16;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final MessageDigest sha256;

    ChangeRows() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The cells at {@code indexes} as a JSON array. */
    byte[] key(Object[] row, int[] indexes) {
        buffer.reset();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
            g.writeStartArray();
            for (int i : indexes) {
                DomoValues.json(g, row[i]);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Every cell as a JSON array. */
    byte[] row(Object[] row) {
        buffer.reset();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
            g.writeStartArray();
            for (Object cell : row) {
                DomoValues.json(g, cell instanceof LocalDateTime t ? t.toString() : cell);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    byte[] digest(byte[] row) {
        return Arrays.copyOf(sha256.digest(row), DIGEST_BYTES);
    }

    /** A row written by {@link #row} or {@link #key}, its cells as the column types say (see {@link DomoType}). */
    static Object[] read(byte[] json, List<Column> columns) {
        Object[] cells = new Object[columns.size()];
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            p.nextToken();
            int i = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
                cells[i] = t == JsonToken.VALUE_NULL ? null : cell(p, t, columns.get(i).type());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cells;
    }

    private static Object cell(JsonParser p, JsonToken t, DomoType type) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            return switch (type) {
                case DATE -> LocalDate.parse(text);
                case DATETIME -> LocalDateTime.parse(text);
                default -> text;
            };
        }
        return switch (type) {
            case LONG -> p.getLongValue();
            case DOUBLE -> p.getDoubleValue();
            case DECIMAL -> p.getDecimalValue();
            case STRING -> p.getText();
            default -> t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : (Object) new BigDecimal(p.getText());
        };
    }
}
