package dev.writeback.core.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 server on loopback (the JDK's {@code com.sun.net.httpserver}) for local mode and tests: it binds,
 * hands every path to one handler on the executor it is given, and stops both on close. The static helpers are
 * what every such handler needs: query and form parameters, the request body (capped or not), and replies with or
 * without a body.
 */
public final class LoopbackServer implements AutoCloseable {
    /** Where these servers listen unless told otherwise. */
    public static final String HOST = "127.0.0.1";

    private final HttpServer server;
    private final String host;
    private final ExecutorService executor;

    private LoopbackServer(String host, int port, ExecutorService executor) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.host = host;
        this.executor = executor;
        server.setExecutor(executor);
    }

    /** Binds {@code host:port} ({@code port} 0 picks a free one) without serving yet; {@link #serve} starts it. */
    public static LoopbackServer bind(String host, int port, ExecutorService executor) throws IOException {
        return new LoopbackServer(host, port, executor);
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free one) and serves every path with {@code handler}. */
    public static LoopbackServer start(int port, ExecutorService executor, HttpHandler handler) throws IOException {
        return bind(HOST, port, executor).serve(handler);
    }

    /** On a free port of 127.0.0.1, a virtual thread per exchange. */
    public static LoopbackServer start(HttpHandler handler) throws IOException {
        return start(0, Executors.newVirtualThreadPerTaskExecutor(), handler);
    }

    /** Starts serving every path with {@code handler}. */
    public LoopbackServer serve(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port} as a URL names it, e.g. {@code 127.0.0.1:8080} (what address-guard allow-lists take). */
    public String hostPort() {
        return host + ":" + port();
    }

    /** {@code http://host:port}. */
    public URI baseUri() {
        return URI.create("http://" + hostPort());
    }

    /** Stops at once (exchanges in progress are cut) and stops the executor's threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- exchange helpers

    /**
     * The parameters of a raw query string or form body, decoded, in order; a name given more than once keeps
     * every value; empty pairs ({@code a=1&&b=2}) are skipped.
     */
    public static Map<String, List<String>> parameters(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** The request body. */
    public static byte[] body(HttpExchange ex) throws IOException {
        return ex.getRequestBody().readAllBytes();
    }

    /** The request body, or null when it is longer than {@code maxBytes} (reading stops there). */
    public static byte[] body(HttpExchange ex, int maxBytes) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(maxBytes + 1);
        return body.length > maxBytes ? null : body;
    }

    /** The request body as UTF-8 text. */
    public static String text(HttpExchange ex) throws IOException {
        return new String(body(ex), StandardCharsets.UTF_8);
    }

    /** Answers {@code status} without a body. */
    public static void reply(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }

    /**
     * Answers {@code status} with {@code body} and, when not null, its {@code contentType}. An empty body, a 204 or
     * 304, and any answer to HEAD go without a body.
     */
    public static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body.length == 0 || status == 204 || status == 304 || "HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Answers {@code status} with a JSON document ({@code application/json}). */
    public static void json(HttpExchange ex, int status, String json) throws IOException {
        reply(ex, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
