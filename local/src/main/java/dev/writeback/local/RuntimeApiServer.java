package dev.writeback.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API ({@code /2018-06-01/runtime/...}) on loopback, serving one invocation to
 * a runtime interface client and collecting its response or error, as the Lambda service does.
 */
final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final LinkedBlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final Duration timeout;

    /** What the function answered: its response body, or an error document. */
    record Outcome(boolean error, byte[] body) {
    }

    RuntimeApiServer(String functionName, Duration timeout) throws IOException {
        this.functionName = functionName;
        this.timeout = timeout;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void enqueue(byte[] event) {
        events.add(event);
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                send(ex, 404, new byte[0]);
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (rest.equals("invocation/next") && ex.getRequestMethod().equals("GET")) {
                byte[] event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    send(ex, 500, new byte[0]);
                    return;
                }
                ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", requestId);
                ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(Instant.now().plus(timeout).toEpochMilli()));
                ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:local:000000000000:function:" + functionName);
                ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-local");
                ex.getResponseHeaders().set("Content-Type", "application/json");
                send(ex, 200, event);
            } else if (rest.equals("invocation/" + requestId + "/response")) {
                outcome.complete(new Outcome(false, ex.getRequestBody().readAllBytes()));
                send(ex, 202, new byte[0]);
            } else if (rest.equals("invocation/" + requestId + "/error") || rest.equals("init/error")) {
                outcome.complete(new Outcome(true, ex.getRequestBody().readAllBytes()));
                send(ex, 202, new byte[0]);
            } else {
                send(ex, 404, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
