package dev.writeback.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptError.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code httprequest.sendAll(requests, {concurrency})}: each request goes through {@link HttpHost#transfer}, the path of
 * a single {@code httprequest} call (address guard on every hop, deadline, response cap), on up to {@code concurrency}
 * worker threads. GraalJS contexts are single-threaded: the workers never touch the script's context; requests are read
 * and answers built, and failures thrown, on the script thread.
 */
final class HttpBatch {
    static final int DEFAULT_CONCURRENCY = 4;
    static final int MAX_CONCURRENCY = 16;
    /** Requests of one call: every answer is held in memory until the call returns. */
    static final int MAX_REQUESTS = 1000;
    private static final long STOP_CHECK_MILLIS = 50;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private final HttpHost http;
    private final ScriptRun run;

    HttpBatch(HttpHost http, ScriptRun run) {
        this.http = http;
        this.run = run;
    }

    /** The answers as JSON ({@code [{status, headers, body}]}, in the order of the requests) and the last one. */
    record Answers(String json, HttpHost.Reply last) {
    }

    private record Prepared(String method, URI uri, byte[] body, Map<String, String> headers) {
    }

    Answers send(String requestsJson, double concurrency) {
        if (!(concurrency >= 1 && concurrency <= MAX_CONCURRENCY && concurrency == Math.rint(concurrency))) {
            throw run.fail(Kind.RUNTIME, "httprequest.sendAll: concurrency is a whole number from 1 to " + MAX_CONCURRENCY);
        }
        List<Prepared> requests = prepare(requestsJson);
        HttpHost.Reply[] replies = new HttpHost.Reply[requests.size()];
        HttpHost.Usage[] usages = new HttpHost.Usage[requests.size()];
        HttpHost.RequestFailure[] failures = new HttpHost.RequestFailure[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int workers = Math.min((int) concurrency, requests.size());
        List<Future<?>> running = new ArrayList<>(workers);
        CountDownLatch done = new CountDownLatch(workers);
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("script-http-", 0).factory())) {
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try {
                        // after a failure no new request starts; those in flight finish
                        for (int i; !failed.get() && (i = next.getAndIncrement()) < replies.length; ) {
                            Prepared p = requests.get(i);
                            HttpHost.Usage usage = new HttpHost.Usage();
                            usages[i] = usage;
                            try {
                                replies[i] = http.transfer(p.method(), p.uri(), p.body(), p.headers(), usage);
                            } catch (HttpHost.RequestFailure f) {
                                failures[i] = f;
                                failed.set(true);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }));
            }
            awaitAll(running, done);
        } finally {
            for (HttpHost.Usage usage : usages) {
                if (usage != null) {
                    usage.addTo(run);
                }
            }
        }
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] != null) {
                throw run.fail(failures[i].failure.kind(), "httprequest.sendAll: request " + i + ": " + failures[i].failure.message());
            }
        }
        return new Answers(toJson(replies), replies.length == 0 ? null : replies[replies.length - 1]);
    }

    /**
     * Waits for the workers. A stop of the script (deadline, cancel, memory) may reach this thread as an interrupt or
     * only as the run's stop signal, so both are watched; either stops the requests in flight.
     */
    private void awaitAll(List<Future<?>> running, CountDownLatch done) {
        try {
            while (!done.await(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (run.stopping.getCount() == 0 || run.deadline.passed()) {
                    running.forEach(f -> f.cancel(true));
                    throw run.cancelHit.get() ? run.fail(Kind.CANCELLED, run.input.cancel().reason())
                            : run.fail(Kind.DEADLINE, "script was stopped while waiting for httprequest.sendAll");
                }
            }
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw run.fail(Kind.DEADLINE, "script was stopped while waiting for httprequest.sendAll");
        }
    }

    /** Reads and checks the requests on the script thread: a bad one fails the call before any is sent. */
    private List<Prepared> prepare(String requestsJson) {
        JsonNode list;
        try {
            list = Json.MAPPER.readTree(requestsJson);
        } catch (JsonProcessingException e) {
            throw run.fail(Kind.RUNTIME, "httprequest.sendAll needs an array of requests");
        }
        if (!list.isArray()) {
            throw run.fail(Kind.RUNTIME, "httprequest.sendAll needs an array of requests");
        }
        if (list.size() > MAX_REQUESTS) {
            throw run.fail(Kind.LIMIT, "httprequest.sendAll sends at most " + MAX_REQUESTS + " requests per call; this call has " + list.size());
        }
        List<Prepared> prepared = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String method = r.path("method").asText("GET").toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                throw run.fail(Kind.RUNTIME, "httprequest.sendAll: request " + i + " has the method '" + r.path("method").asText()
                        + "'; use one of GET, POST, PUT, PATCH, DELETE, HEAD");
            }
            if (!r.path("url").isTextual()) {
                throw run.fail(Kind.RUNTIME, "httprequest.sendAll: request " + i + " needs a url");
            }
            URI uri = http.withParameters(r.path("url").asText());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(http.headers());
            r.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            JsonNode body = r.path("body");
            byte[] bytes = body.isTextual() ? body.asText().getBytes(StandardCharsets.UTF_8) : null;
            prepared.add(new Prepared(method, uri, bytes, headers));
        }
        return prepared;
    }

    private static String toJson(HttpHost.Reply[] replies) {
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (HttpHost.Reply reply : replies) {
            ObjectNode answer = answers.addObject();
            answer.put("status", reply.status());
            ObjectNode headers = answer.putObject("headers");
            reply.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
            answer.put("body", reply.text());
        }
        try {
            return Json.MAPPER.writeValueAsString(answers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers that are strings and numbers always serialise", e);
        }
    }
}
