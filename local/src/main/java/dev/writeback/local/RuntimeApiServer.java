package dev.writeback.local;

import static dev.writeback.core.net.LoopbackServer.reply;

import com.sun.net.httpserver.HttpExchange;
import dev.writeback.core.net.LoopbackServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API ({@code /2018-06-01/runtime/...}) on loopback, as the Lambda service
 * serves it to a runtime interface client: invocations are handed out one at a time through
 * {@code invocation/next}, each with its own request id, and their responses or errors collected.
 * An init error fails every invocation, pending or not.
 */
final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    private final LoopbackServer server;
    private final LinkedBlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final String functionName;
    private final Duration timeout;
    private volatile Outcome initError;

    /** What the function answered: its response body, or an error document. */
    record Outcome(boolean error, byte[] body) {
    }

    private record Invocation(String requestId, byte[] event, CompletableFuture<Outcome> outcome) {
    }

    RuntimeApiServer(String functionName, Duration timeout) throws IOException {
        this.functionName = functionName;
        this.timeout = timeout;
        server = LoopbackServer.start(0, Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }), this::handle);
    }

    String address() {
        return server.hostPort();
    }

    /** Queues {@code event} for the function; the future completes with what the function answers. */
    CompletableFuture<Outcome> submit(byte[] event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        Outcome failed = initError;
        if (failed != null) {
            invocation.outcome().complete(failed);
        } else {
            queued.add(invocation);
        }
        return invocation.outcome();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                reply(ex, 404);
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (rest.equals("invocation/next") && ex.getRequestMethod().equals("GET")) {
                next(ex);
            } else if (rest.equals("init/error")) {
                initError = new Outcome(true, LoopbackServer.body(ex));
                inFlight.values().forEach(i -> i.outcome().complete(initError));
                queued.forEach(i -> i.outcome().complete(initError));
                reply(ex, 202);
            } else if (rest.startsWith("invocation/") && (rest.endsWith("/response") || rest.endsWith("/error"))) {
                String requestId = rest.substring("invocation/".length(), rest.lastIndexOf('/'));
                Invocation invocation = inFlight.remove(requestId);
                if (invocation == null) {
                    reply(ex, 400);
                    return;
                }
                invocation.outcome().complete(new Outcome(rest.endsWith("/error"), LoopbackServer.body(ex)));
                reply(ex, 202);
            } else {
                reply(ex, 404);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Long-polls for the next invocation, as the real Runtime API does. */
    private void next(HttpExchange ex) throws IOException, InterruptedException {
        Invocation invocation = queued.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (invocation == null) {
            reply(ex, 500);
            return;
        }
        inFlight.put(invocation.requestId(), invocation);
        ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                String.valueOf(Instant.now().plus(timeout).toEpochMilli()));
        ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:local:000000000000:function:" + functionName);
        ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-local");
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply(ex, 200, null, invocation.event());
    }

    @Override
    public void close() {
        server.close();
    }
}
