package dev.writeback.writers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.output.Target;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.store.BlobStore;
import dev.writeback.net.GuardedHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Domo's "JSON Post" writeback: the rows as JSON arrays of objects, {@code batchSize} per request, each request with
 * {@code Idempotency-Key: <runId>-<batch>} (batches numbered from 1). 429, 5xx and connection failures are retried
 * with exponential backoff (honouring {@code Retry-After}); when they persist the write fails. Any other 4xx answer to a
 * batch (400, 409, 413, 422, …) means some rows are bad: the batch is resent one row per request
 * ({@code Idempotency-Key: <runId>-<batch>-<row>}) and each row refused with a 4xx goes to the run's rejects file
 * ({@code runs/<runId>/rejects.jsonl}: {@code {"batch", "row", "status", "reason"}}) while the write continues.
 * 401, 403, 404 and 405 are not about rows: the write fails at once.
 */
final class HttpBatchWriter {
    private static final Set<Integer> FATAL = Set.of(401, 403, 404, 405, 407);
    private static final int REASON_CHARS = 500;
    /** An answer to a batch is read for its status and the start of its reason; more than this is not an answer. */
    private static final long MAX_ANSWER_BYTES = 1 << 20;

    private final GuardedHttpClient client;
    private final BlobStore blobs;
    private final WritersSettings settings;

    HttpBatchWriter(GuardedHttpClient client, BlobStore blobs, WritersSettings settings) {
        this.client = client;
        this.blobs = blobs;
        this.settings = settings;
    }

    WriteSummary write(WriteSpec spec, Target.Http target, RowCursor rows) {
        Run run = new Run(spec, target, rows.columns());
        try {
            List<Object[]> batch = new ArrayList<>(target.batchSize());
            while (rows.next()) {
                batch.add(rows.row().clone());
                if (batch.size() == target.batchSize()) {
                    run.send(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                run.send(batch);
            }
            return run.finish();
        } catch (RuntimeException e) {
            run.abortRejects();
            throw e;
        }
    }

    private final class Run {
        private final WriteSpec spec;
        private final Target.Http target;
        private final SerializedString[] names;
        private final String keyPrefix;
        private long batches;
        private long written;
        private long bytes;
        private long rejected;
        private String rejectsKey;
        private BlobStore.Upload rejects;

        Run(WriteSpec spec, Target.Http target, List<Column> columns) {
            this.spec = spec;
            this.target = target;
            this.names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
            this.keyPrefix = spec.runId() == null ? "write" : spec.runId();
        }

        void send(List<Object[]> batch) {
            long number = ++batches;
            HttpResponse<byte[]> answer = post(body(batch), keyPrefix + "-" + number, "batch " + number);
            int status = answer.statusCode();
            if (status / 100 == 2) {
                written += batch.size();
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                Object[] row = batch.get(i);
                HttpResponse<byte[]> one = post(body(List.<Object[]>of(row)), keyPrefix + "-" + number + "-" + (i + 1),
                        "row " + (i + 1) + " of batch " + number);
                if (one.statusCode() / 100 == 2) {
                    written++;
                } else {
                    reject(number, row, one);
                }
            }
        }

        /** Sends with retries; returns a 2xx or a row-level 4xx answer, fails on anything else. */
        private HttpResponse<byte[]> post(byte[] body, String idempotencyKey, String what) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                    .method(target.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .timeout(settings.httpRequestTimeout());
            try {
                target.headers().forEach(request::header);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("target.headers: " + e.getMessage());
            }
            HttpRequest built = request.build();
            String last = null;
            for (int attempt = 1; ; attempt++) {
                deadlineCheck();
                Duration wait;
                try {
                    bytes += body.length;
                    HttpResponse<byte[]> r = client.send(built, MAX_ANSWER_BYTES);
                    int status = r.statusCode();
                    if (status / 100 == 2 || (status / 100 == 4 && status != 429 && !FATAL.contains(status))) {
                        return r;
                    }
                    if (FATAL.contains(status) || (status / 100 != 5 && status != 429)) {
                        throw new UpstreamException(target.url() + " answered " + status + " to " + what
                                + "; the write stopped (" + snippet(r.body()) + ")");
                    }
                    last = "HTTP " + status + " " + snippet(r.body());
                    wait = retryAfter(r).orElse(backoff(attempt));
                } catch (IOException e) {
                    last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    wait = backoff(attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InvalidStateException("the write to " + target.url() + " was interrupted");
                }
                if (attempt >= settings.httpAttempts()) {
                    throw new UpstreamException(target.url() + " failed " + what + " " + attempt + " times; the write stopped after "
                            + written + " rows (last: " + last + ")");
                }
                sleep(wait);
            }
        }

        private Duration backoff(int attempt) {
            long base = settings.httpBackoff().toMillis() << Math.min(attempt - 1, 16);
            return Duration.ofMillis(Math.min(base, settings.httpMaxBackoff().toMillis()));
        }

        private Optional<Duration> retryAfter(HttpResponse<?> r) {
            return r.headers().firstValue("Retry-After").flatMap(v -> {
                try {
                    Duration d = Duration.ofSeconds(Long.parseLong(v.trim()));
                    return Optional.of(d.compareTo(settings.httpMaxBackoff()) > 0 ? settings.httpMaxBackoff() : d);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            });
        }

        private void sleep(Duration d) {
            long ms = Math.min(d.toMillis(), spec.deadline().remaining().toMillis());
            try {
                Thread.sleep(Math.max(0, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidStateException("the write to " + target.url() + " was interrupted");
            }
        }

        private void deadlineCheck() {
            if (spec.deadline().passed()) {
                throw new InvalidStateException("the write to " + target.url() + " stopped at the run's deadline after "
                        + written + " rows");
            }
        }

        private byte[] body(List<Object[]> batch) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * batch.size());
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartArray();
                for (Object[] row : batch) {
                    JsonEncoder.writeObject(g, names, row);
                }
                g.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private void reject(long batch, Object[] row, HttpResponse<byte[]> answer) {
            rejected++;
            try {
                if (rejects == null) {
                    rejectsKey = "runs/" + keyPrefix + "/rejects.jsonl";
                    rejects = blobs.openUpload(rejectsKey, "application/x-ndjson");
                }
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(line)) {
                    g.writeStartObject();
                    g.writeNumberField("batch", batch);
                    g.writeFieldName("row");
                    JsonEncoder.writeObject(g, names, row);
                    g.writeNumberField("status", answer.statusCode());
                    g.writeStringField("reason", snippet(answer.body()));
                    g.writeEndObject();
                }
                line.write('\n');
                line.writeTo(rejects);
            } catch (IOException e) {
                throw new UncheckedIOException("could not record a rejected row in " + rejectsKey, e);
            }
        }

        WriteSummary finish() {
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not store the rejected rows in " + rejectsKey, e);
                }
            }
            return new WriteSummary(written, bytes, target.url().toString(), rejected, rejectsKey, batches > 0);
        }

        void abortRejects() {
            if (rejects != null) {
                rejects.abort();
            }
        }
    }

    private static String snippet(byte[] answer) {
        String body = new String(answer, StandardCharsets.UTF_8);
        if (body.isBlank()) {
            return "empty answer";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= REASON_CHARS ? s : s.substring(0, REASON_CHARS) + "…";
    }
}
