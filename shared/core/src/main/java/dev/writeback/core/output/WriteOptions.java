package dev.writeback.core.output;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.time.Deadline;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a write request as a script gives it ({@code DOMO.writeTo(id, sql, options)}), e.g.
 * {@code {target:{type:'s3', bucket, key, region, accessKey, secretKey}, format:{type:'csv', gzip:true}}}.
 * Every mistake is an {@link InvalidInputException} naming the field ({@code target.bucket}, {@code format.delimiter}).
 */
public final class WriteOptions {
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int MAX_BATCH_SIZE = 10_000;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_CONCURRENCY = 32;
    public static final double MAX_REQUESTS_PER_SECOND = 10_000;
    private static final Set<String> TOP = Set.of("target", "format", "allowEmpty");
    private static final Set<String> S3 = Set.of("type", "bucket", "key", "region", "accessKey", "secretKey", "sessionToken",
            "endpoint", "overwrite");
    private static final Set<String> HTTP = Set.of("type", "url", "method", "headers", "batchSize", "concurrency",
            "maxRequestsPerSecond");
    private static final Set<String> SFTP = Set.of("type", "host", "port", "username", "password", "privateKey", "passphrase",
            "path", "overwrite", "hostKeyFingerprint");
    private static final Set<String> FORMAT = Set.of("type", "gzip", "delimiter", "quote", "header", "compression");
    private static final List<String> CODECS = List.of("none", "snappy", "gzip", "zstd");

    private WriteOptions() {
    }

    /** A spec without a run id (see {@link OutputWriters#forRun}). */
    public static WriteSpec parse(Map<String, ?> options, String datasetId, String datasetName, Instant now, Deadline deadline) {
        if (options == null) {
            throw new InvalidInputException("the write options are missing: give {target: {...}, format: {...}}");
        }
        known("", options, TOP);
        Map<String, ?> t = object(options, "target", true);
        String type = string(t, "target.type", true).toLowerCase(Locale.ROOT);
        Target target = switch (type) {
            case "s3" -> s3(t);
            case "http" -> http(t);
            case "sftp" -> sftp(t);
            default -> throw new InvalidInputException("target.type must be one of s3, http, sftp (got '" + type + "')");
        };
        Format format = format(object(options, "format", false), target);
        return new WriteSpec(null, now, deadline, datasetId, datasetName, target, format,
                bool(options, "allowEmpty", "allowEmpty", false));
    }

    private static Target.S3 s3(Map<String, ?> t) {
        known("target.", t, S3);
        String bucket = string(t, "target.bucket", true);
        String key = string(t, "target.key", true);
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new InvalidInputException("target.key must name an object, without a leading or trailing '/' (got '" + key + "')");
        }
        KeyTemplate.check("target.key", key);
        URI endpoint = t.get("endpoint") == null ? null : uri(string(t, "target.endpoint", true), "target.endpoint");
        return new Target.S3(bucket, key, string(t, "target.region", true), string(t, "target.accessKey", true),
                string(t, "target.secretKey", true), string(t, "target.sessionToken", false), endpoint,
                bool(t, "overwrite", "target.overwrite", true));
    }

    private static Target.Http http(Map<String, ?> t) {
        known("target.", t, HTTP);
        URI url = uri(string(t, "target.url", true), "target.url");
        String method = t.get("method") == null ? "POST" : string(t, "target.method", true).toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            throw new InvalidInputException("target.method must be POST, PUT or PATCH (got '" + method + "')");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, ?> h = object(t, "headers", false);
        if (h != null) {
            h.forEach((name, value) -> {
                if (!(value instanceof String s)) {
                    throw new InvalidInputException("target.headers." + name + " must be a string");
                }
                headers.put(name, s);
            });
        }
        int batch = integer(t, "batchSize", "target.batchSize", DEFAULT_BATCH_SIZE);
        if (batch < 1 || batch > MAX_BATCH_SIZE) {
            throw new InvalidInputException("target.batchSize must be between 1 and " + MAX_BATCH_SIZE + " (got " + batch + ")");
        }
        int concurrency = integer(t, "concurrency", "target.concurrency", DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new InvalidInputException("target.concurrency must be between 1 and " + MAX_CONCURRENCY + " (got " + concurrency + ")");
        }
        Double perSecond = null;
        Object rate = t.get("maxRequestsPerSecond");
        if (rate != null) {
            if (!(rate instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_REQUESTS_PER_SECOND) {
                throw new InvalidInputException("target.maxRequestsPerSecond must be a number above 0 and at most "
                        + (int) MAX_REQUESTS_PER_SECOND + " (got " + rate + ")");
            }
            perSecond = n.doubleValue();
        }
        return new Target.Http(url, method, headers, batch, concurrency, perSecond);
    }

    private static Target.Sftp sftp(Map<String, ?> t) {
        known("target.", t, SFTP);
        String password = string(t, "target.password", false);
        String key = string(t, "target.privateKey", false);
        if (password == null && key == null) {
            throw new InvalidInputException("target.password or target.privateKey is required for an sftp target");
        }
        String path = string(t, "target.path", true);
        if (path.endsWith("/")) {
            throw new InvalidInputException("target.path must name a file, not a folder (got '" + path + "')");
        }
        KeyTemplate.check("target.path", path);
        int port = integer(t, "port", "target.port", 22);
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("target.port must be between 1 and 65535 (got " + port + ")");
        }
        String host = string(t, "target.host", true);
        if (host.startsWith("sftp://")) {
            host = host.substring("sftp://".length());
        }
        return new Target.Sftp(host, port, string(t, "target.username", true), password, key,
                string(t, "target.passphrase", false), path, bool(t, "overwrite", "target.overwrite", true),
                string(t, "target.hostKeyFingerprint", false));
    }

    private static Format format(Map<String, ?> f, Target target) {
        boolean http = target instanceof Target.Http;
        if (f == null) {
            return http ? Format.of(Format.Type.JSON) : Format.csv();
        }
        known("format.", f, FORMAT);
        String typeName = f.get("type") == null ? (http ? "json" : "csv") : string(f, "format.type", true).toLowerCase(Locale.ROOT);
        Format.Type type = switch (typeName) {
            case "csv" -> Format.Type.CSV;
            case "jsonl", "ndjson" -> Format.Type.JSONL;
            case "json" -> Format.Type.JSON;
            case "parquet" -> Format.Type.PARQUET;
            default -> throw new InvalidInputException("format.type must be one of csv, jsonl, json, parquet (got '" + typeName + "')");
        };
        if (http && type != Format.Type.JSON) {
            throw new InvalidInputException("format.type: an http target sends JSON batches; use 'json' or leave format out");
        }
        boolean gzip = bool(f, "gzip", "format.gzip", false);
        if (gzip && (type == Format.Type.PARQUET || http)) {
            throw new InvalidInputException("format.gzip applies to csv, jsonl and json files"
                    + (http ? "" : "; Parquet compresses with format.compression"));
        }
        char delimiter = character(f, "delimiter", "format.delimiter", ',');
        char quote = character(f, "quote", "format.quote", '"');
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new InvalidInputException("format.delimiter and format.quote must differ and not be line breaks");
        }
        String compression = null;
        if (type == Format.Type.PARQUET) {
            compression = f.get("compression") == null ? "snappy" : string(f, "format.compression", true).toLowerCase(Locale.ROOT);
            if (!CODECS.contains(compression)) {
                throw new InvalidInputException("format.compression must be one of " + String.join(", ", CODECS)
                        + " (got '" + compression + "')");
            }
        } else if (f.get("compression") != null) {
            throw new InvalidInputException("format.compression applies to parquet only; text formats use format.gzip");
        }
        return new Format(type, gzip, delimiter, quote, bool(f, "header", "format.header", true), compression);
    }

    private static void known(String prefix, Map<String, ?> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String where = prefix.isEmpty() ? "the write options" : prefix.substring(0, prefix.length() - 1);
                throw new InvalidInputException(prefix + k + " is not an option of " + where + " (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Map<String, ?> m, String name, boolean required) {
        Object v = m.get(name);
        if (v == null) {
            if (required) {
                throw new InvalidInputException(name + " is required");
            }
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new InvalidInputException(name + " must be an object");
        }
        return (Map<String, ?>) v;
    }

    private static String string(Map<String, ?> m, String path, boolean required) {
        Object v = m.get(path.substring(path.lastIndexOf('.') + 1));
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                throw new InvalidInputException(path + " is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidInputException(path + " must be a string");
        }
        return s.trim();
    }

    private static boolean bool(Map<String, ?> m, String name, String path, boolean dflt) {
        Object v = m.get(name);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new InvalidInputException(path + " must be true or false");
        }
        return b;
    }

    private static int integer(Map<String, ?> m, String name, String path, int dflt) {
        Object v = m.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new InvalidInputException(path + " must be a whole number");
    }

    private static char character(Map<String, ?> m, String name, String path, char dflt) {
        Object v = m.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s && s.equals("\\t")) {
            return '\t';
        }
        if (!(v instanceof String s) || s.length() != 1) {
            throw new InvalidInputException(path + " must be a single character");
        }
        return s.charAt(0);
    }

    private static URI uri(String value, String path) {
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new InvalidInputException(path + " must be an http(s) URL (got '" + value + "')");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(path + " is not a valid URL: " + e.getReason());
        }
    }
}
