package dev.writeback.core;

import dev.writeback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Every size limit on what callers send, in one place: the use cases check them before any store is
 * touched, and {@code openapi.yaml} states them ({@code maxLength}, {@code maxItems}, {@code maxProperties}).
 * Together with {@link #VERSION_BYTES} and {@link #ITEM_BODY_BYTES} they keep every stored item below DynamoDB's
 * 400 KB: a job at every limit is about 30 KB of JSON, a connector version with ASCII text about 200 KB. Lengths in characters are {@link String#length()} (UTF-16
 * units); limits in bytes count the UTF-8 encoding.
 */
public final class Limits {
    /** Request bodies, in bytes (an icon of {@link #ICON_BYTES} fits); larger is 413. */
    public static final int REQUEST_BODY_BYTES = 2 * 1024 * 1024;
    /** Names: connectors, jobs, accounts, reports, parameters, custom-field keys and labels. */
    public static final int NAME_CHARS = 100;
    /** A connector's description, in UTF-8 bytes. */
    public static final int DESCRIPTION_BYTES = 4 * 1024;
    /** A parameter's help text, and a reviewer's reason for a rejection. */
    public static final int TEXT_CHARS = 1024;
    /** Reports of one connector. */
    public static final int REPORTS = 50;
    /** Parameters of one connector. */
    public static final int PARAMETERS = 20;
    /** Options of one dropdown parameter, each at most {@link #NAME_CHARS}. */
    public static final int OPTIONS = 50;
    /** The value a job gives one parameter. */
    public static final int PARAMETER_VALUE_CHARS = 1024;
    /** A script (auth.js, process.js), in UTF-8 bytes. */
    public static final int SCRIPT_BYTES = 512 * 1024;
    /** A PNG icon, in bytes. */
    public static final int ICON_BYTES = 1024 * 1024;
    /** A URL (OAuth authorization, token and refresh URLs). */
    public static final int URL_CHARS = 2048;
    /** Custom fields of a connector's authentication setup, and fields of one account. */
    public static final int FIELDS = 20;
    /** An account's field value (API key, password, private key). */
    public static final int FIELD_VALUE_CHARS = 8 * 1024;
    /** OAuth scopes of a connector, each at most {@link #NAME_CHARS}. */
    public static final int SCOPES = 50;
    /** Extra OAuth authorization or token parameters, keys up to {@link #NAME_CHARS}, values up to {@link #TEXT_CHARS}. */
    public static final int OAUTH_PARAMETERS = 20;
    /** An OAuth client id. */
    public static final int OAUTH_CLIENT_ID_CHARS = 512;
    /** An OAuth client secret. */
    public static final int OAUTH_CLIENT_SECRET_CHARS = 4096;
    /** A Domo API client id (Domo's are 36-character UUIDs). */
    public static final int DOMO_CLIENT_ID_CHARS = 128;
    /** A Domo API client secret (Domo's are 64 hex digits). */
    public static final int DOMO_CLIENT_SECRET_CHARS = 256;
    /** A schedule expression. */
    public static final int SCHEDULE_CHARS = 256;
    /**
     * A connector version as stored, in bytes of JSON: the limits above allow more in the worst case (every
     * character taking 3 bytes in UTF-8), so the whole is checked too, with a message saying what to shorten.
     */
    public static final int VERSION_BYTES = 300 * 1024;
    /**
     * Any stored item's body, in bytes: DynamoDB holds at most 400 KB per item, keys and attributes included;
     * every document table adapter refuses a larger body before it touches its backend.
     */
    public static final int ITEM_BODY_BYTES = 350 * 1024;
    /** A job's scratch database ({@code sql}), in bytes of its file: a write past it fails. */
    public static final long SCRATCH_DATABASE_BYTES = 64L * 1024 * 1024;
    /** Tables in a scratch database, and columns per table. */
    public static final int SCRATCH_TABLES = 100;
    public static final int SCRATCH_COLUMNS = 200;
    /** One object a script writes or reads with {@code aws.put/get}, in bytes. */
    public static final int SCRIPT_OBJECT_BYTES = 32 * 1024 * 1024;

    private Limits() {
    }

    /** 400 if {@code value} has more than {@code max} characters: "{field} has at most {max} characters; this one has {n}." */
    public static String chars(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidInputException(field + " has at most " + max + " characters; this one has " + value.length() + ".");
        }
        return value;
    }

    /** 400 if {@code value} is more than {@code max} bytes in UTF-8. */
    public static String bytes(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        int n = value.getBytes(StandardCharsets.UTF_8).length;
        if (n > max) {
            throw new InvalidInputException(field + " is at most " + max + " bytes (UTF-8); this one is " + n + ".");
        }
        return value;
    }

    /** 400 if {@code items} has more than {@code max} entries. */
    public static <C extends Collection<?>> C count(String field, C items, int max) {
        if (items != null && items.size() > max) {
            throw new InvalidInputException(field + " has at most " + max + " entries; this one has " + items.size() + ".");
        }
        return items;
    }

    /** 400 if {@code map} has more than {@code max} entries, or a key or value is too long. */
    public static <M extends Map<String, String>> M map(String field, M map, int max, int keyChars, int valueChars) {
        if (map == null) {
            return null;
        }
        count(field, map.keySet(), max);
        map.forEach((k, v) -> {
            chars(field + " key", k, keyChars);
            chars(field + "." + k, v, valueChars);
        });
        return map;
    }
}
