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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Domo's "JSON Post" writeback: the rows as JSON arrays of objects, {@code batchSize} per request, each request with
 * {@code Idempotency-Key: <runId>-<batch>} (batches numbered from 1), up to {@code concurrency} batches in flight at
 * once (in any order: the keys make each idempotent) within {@link AdaptiveWindow}'s rate control. 429, 5xx and connection failures are retried
 * with exponential backoff (honouring {@code Retry-After}); when they persist the write fails. Any other 4xx answer to a
 * batch (400, 409, 413, 422, …) means some rows are bad: the batch is resent one row per request
 * ({@code Idempotency-Key: <runId>-<batch>-<row>}) and each row refused with a 4xx goes to the run's rejects file
 * ({@code runs/<runId>/rejects.jsonl}: {@code {"batch", "row", "status", "reason"}}) while the write continues.
 * 401, 403, 404 and 405 are not about rows: the write fails at once. A DELETE target (the removed keys of a
 * {@code CHANGES} job) works the same with {@code Idempotency-Key: <runId>-delete-<batch>} and
 * {@code runs/<runId>/rejects-delete.jsonl}.
 */
final class HttpBatchWriter {
    private static final Set<Integer> FATAL = Set.of(401, 403, 404, 405, 407);
    private static final int REASON_CHARS = 500;
    /** An answer to a batch is read for its status and the start of its reason; more than this is not an answer. */
    private static final long MAX_ANSWER_BYTES = 1 << 20;
    /** How often a run waiting for room in its window looks for a failed batch, the deadline or a cancellation. */
    private static final Duration WAKE_UP = Duration.ofMillis(100);

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
        ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-batch-", 1).factory());
        try {
            List<Object[]> batch = new ArrayList<>(target.batchSize());
            while (rows.next()) {
                batch.add(rows.row().clone());
                if (batch.size() == target.batchSize()) {
                    run.submit(senders, batch);
                    batch = new ArrayList<>(target.batchSize());
                }
            }
            if (!batch.isEmpty()) {
                run.submit(senders, batch);
            }
            run.awaitSent();
            return run.finish();
        } catch (RuntimeException e) {
            senders.shutdownNow();
            run.abortRejects();
            throw e;
        } finally {
            senders.shutdownNow();
        }
    }

    private final class Run {
        private final WriteSpec spec;
        private final Target.Http target;
        private final SerializedString[] names;
        private final String keyPrefix;
        /** A run's DELETE calls (removed keys of a CHANGES job) are other requests than its writes: other keys. */
        private final String idempotencyPrefix;
        private final AdaptiveWindow window;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private long batches;
        private long rejected;
        private String rejectsKey;
        private BlobStore.Upload rejects;
        private boolean aborted;

        Run(WriteSpec spec, Target.Http target, List<Column> columns) {
            this.spec = spec;
            this.target = target;
            this.names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
            this.keyPrefix = spec.runId() == null ? "write" : spec.runId();
            this.idempotencyPrefix = target.method().equals("DELETE") ? keyPrefix + "-delete" : keyPrefix;
            this.window = new AdaptiveWindow(target.concurrency(), target.maxRequestsPerSecond(), System::nanoTime);
        }

        /** Hands the batch to a sender once the window has room, so at most {@code concurrency} batches wait for answers. */
        void submit(ExecutorService senders, List<Object[]> batch) {
            long number = ++batches;
            try {
                while (!window.tryAcquire(WAKE_UP)) {
                    stopIfFailedOrLate();
                }
            } catch (InterruptedException e) {
                throw interrupted();
            }
            stopIfFailedOrLate();
            senders.execute(() -> {
                try {
                    send(number, batch);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    window.release();
                }
            });
        }

        void awaitSent() {
            try {
                while (!window.awaitIdle(WAKE_UP)) {
                    stopIfFailedOrLate();
                }
            } catch (InterruptedException e) {
                throw interrupted();
            }
            stopIfFailedOrLate();
        }

        private void stopIfFailedOrLate() {
            switch (failure.get()) {
                case null -> { }
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                case Throwable t -> throw new IllegalStateException(t);
            }
            deadlineCheck();
        }

        private void send(long number, List<Object[]> batch) {
            HttpResponse<byte[]> answer = post(body(batch), idempotencyPrefix + "-" + number, "batch " + number);
            int status = answer.statusCode();
            if (status / 100 == 2) {
                written.addAndGet(batch.size());
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                Object[] row = batch.get(i);
                HttpResponse<byte[]> one = post(body(List.<Object[]>of(row)), idempotencyPrefix + "-" + number + "-" + (i + 1),
                        "row " + (i + 1) + " of batch " + number);
                if (one.statusCode() / 100 == 2) {
                    written.incrementAndGet();
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
                    .header("Idempotency-Key", idempotencyKey);
            try {
                target.headers().forEach(request::header);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("target.headers: " + e.getMessage());
            }
            HttpRequest built = request.build();
            bytes.addAndGet(body.length);
            String last = null;
            for (int attempt = 1; ; attempt++) {
                deadlineCheck();
                sleep(window.reserveTurn());
                deadlineCheck();
                Duration wait;
                try {
                    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(built, (name, value) -> true)
                            .timeout(requestTimeout()).build(), MAX_ANSWER_BYTES);
                    int status = r.statusCode();
                    if (status / 100 == 2) {
                        window.succeeded();
                        return r;
                    }
                    if (status / 100 == 4 && status != 429 && !FATAL.contains(status)) {
                        return r;
                    }
                    if (FATAL.contains(status) || (status / 100 != 5 && status != 429)) {
                        throw new UpstreamException(target.url() + " answered " + status + " to " + what
                                + "; the write stopped (" + snippet(r.body()) + ")");
                    }
                    last = "HTTP " + status + " " + snippet(r.body());
                    wait = retryAfter(r).orElse(backoff(attempt));
                    if (status == 429 || status == 503) {
                        window.throttled(wait);
                        wait = Duration.ZERO;
                    }
                } catch (IOException e) {
                    last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    wait = backoff(attempt);
                } catch (InterruptedException e) {
                    throw interrupted();
                }
                if (attempt >= settings.httpAttempts()) {
                    throw new UpstreamException(target.url() + " failed " + what + " " + attempt + " times; the write stopped after "
                            + written.get() + " rows (last: " + last + ")");
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
            long nanos = Math.min(d.toNanos(), spec.deadline().remaining().toNanos());
            if (nanos <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(nanos));
            } catch (InterruptedException e) {
                throw interrupted();
            }
        }

        /** A request never outlives the run's deadline. */
        private Duration requestTimeout() {
            Duration remaining = spec.deadline().remaining();
            Duration timeout = remaining.compareTo(settings.httpRequestTimeout()) < 0 ? remaining : settings.httpRequestTimeout();
            return timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
        }

        private InvalidStateException interrupted() {
            Thread.currentThread().interrupt();
            return new InvalidStateException("the write to " + target.url() + " was interrupted");
        }

        private void deadlineCheck() {
            if (spec.deadline().passed()) {
                throw new InvalidStateException("the write to " + target.url() + " stopped at the run's deadline after "
                        + written.get() + " rows");
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

        private synchronized void reject(long batch, Object[] row, HttpResponse<byte[]> answer) {
            if (aborted) {
                return;
            }
            rejected++;
            try {
                if (rejects == null) {
                    rejectsKey = "runs/" + keyPrefix + (idempotencyPrefix.equals(keyPrefix) ? "/rejects.jsonl" : "/rejects-delete.jsonl");
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

        synchronized WriteSummary finish() {
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not store the rejected rows in " + rejectsKey, e);
                }
            }
            return new WriteSummary(written.get(), bytes.get(), target.url().toString(), rejected, rejectsKey, batches > 0);
        }

        synchronized void abortRejects() {
            aborted = true;
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
