package dev.writeback.script;

import dev.writeback.core.Limits;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.graalvm.polyglot.HostAccess;

/**
 * The Java half of {@code aws}: S3 through the runner's {@link ScriptObjectStore} with the script's own key pair.
 * {@code path} is {@code bucket/folder/…} (an {@code s3://} prefix and slashes at either end are ignored) and the
 * object's key is the rest of the path, then {@code name}. Every request and its bytes count in the run's usage.
 */
public final class AwsHost {
    /** S3's bucket names: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_KEY_BYTES = 1024;

    private final ScriptRun run;
    private final ScriptObjectStore store;
    private ScriptObjectStore.Client client;

    AwsHost(ScriptRun run, ScriptObjectStore store) {
        this.run = run;
        this.store = store;
    }

    @HostAccess.Export
    public void createClient(String region, String accessKey, String secretKey) {
        if (blank(region) || blank(accessKey) || blank(secretKey)) {
            throw run.fail(Kind.RUNTIME, "aws.createClient(region, key, secret) needs all three, e.g. "
                    + "aws.createClient(metadata.account.region, metadata.account.key, metadata.account.secret)");
        }
        try {
            ScriptObjectStore.Client created = store.client(region.strip(), accessKey.strip(), secretKey.strip());
            closeClient();
            client = created;
        } catch (WritebackException e) {
            throw run.fail(Kind.RUNTIME, "aws.createClient: " + e.getMessage());
        }
    }

    @HostAccess.Export
    public void put(String path, String name, String value) {
        Location at = location("aws.put", path, name);
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Limits.SCRIPT_OBJECT_BYTES) {
            throw run.fail(Kind.LIMIT, "aws.put: the value has " + bytes.length + " bytes; an object holds at most "
                    + Limits.SCRIPT_OBJECT_BYTES);
        }
        try {
            run.requests++;
            run.progress.requestSent(0);
            client("aws.put").put(at.bucket, at.key, bytes);
            run.bytesSent += bytes.length;
            run.progress.bytesSent(bytes.length);
        } catch (WritebackException e) {
            throw run.fail(Kind.RUNTIME, "aws.put: s3://" + at.bucket + "/" + at.key + ": " + e.getMessage());
        }
    }

    /** The object as UTF-8 text, or null when there is no such object. */
    @HostAccess.Export
    public String get(String path, String name) {
        Location at = location("aws.get", path, name);
        try {
            run.requests++;
            run.progress.requestSent(0);
            Optional<byte[]> bytes = client("aws.get").get(at.bucket, at.key, Limits.SCRIPT_OBJECT_BYTES);
            bytes.ifPresent(b -> run.bytesReceived += b.length);
            return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
        } catch (WritebackException e) {
            throw run.fail(Kind.RUNTIME, "aws.get: s3://" + at.bucket + "/" + at.key + ": " + e.getMessage());
        }
    }

    /** Called when the run ends. */
    void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private ScriptObjectStore.Client client(String what) {
        if (client == null) {
            throw run.fail(Kind.RUNTIME, what + ": call aws.createClient(region, key, secret) first");
        }
        return client;
    }

    private record Location(String bucket, String key) {
    }

    private Location location(String what, String path, String name) {
        String p = path == null ? "" : path.strip();
        if (p.startsWith("s3://")) {
            p = p.substring(5);
        }
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() || !BUCKET.matcher(parts.getFirst()).matches() || parts.getFirst().contains("..")) {
            throw run.fail(Kind.RUNTIME, what + ": the path starts with the bucket, e.g. 'my-bucket/folder' (a bucket name is "
                    + "3-63 lower-case letters, digits, dots and hyphens), not '" + (path == null ? "" : path) + "'");
        }
        String file = name == null ? "" : name.replaceAll("^/+", "");
        if (file.isEmpty()) {
            throw run.fail(Kind.RUNTIME, what + ": the object needs a name");
        }
        parts.add(file);
        String key = String.join("/", parts.subList(1, parts.size()));
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw run.fail(Kind.RUNTIME, what + ": an object key has at most " + MAX_KEY_BYTES + " bytes");
        }
        return new Location(parts.getFirst(), key);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
