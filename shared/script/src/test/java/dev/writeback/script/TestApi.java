package dev.writeback.script;

import com.sun.net.httpserver.HttpExchange;
import dev.writeback.core.net.LoopbackServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A third-party API stand-in on 127.0.0.1 (JDK HttpServer) that records every request it receives. */
final class TestApi implements AutoCloseable {
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", List.of("application/json; charset=utf-8")), body.getBytes(StandardCharsets.UTF_8));
        }

        static Response redirect(int status, String location) {
            return new Response(status, Map.of("Location", List.of(location)), new byte[0]);
        }
    }

    private final LoopbackServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    final List<Request> received = new CopyOnWriteArrayList<>();

    TestApi() throws IOException {
        server = LoopbackServer.start(0, Executors.newCachedThreadPool(), this::handle);
    }

    TestApi route(String path, Function<Request, Response> handler) {
        routes.put(path, handler);
        return this;
    }

    int port() {
        return server.port();
    }

    String base() {
        return server.baseUri().toString();
    }

    String target() {
        return server.hostPort();
    }

    List<Request> requests(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = LoopbackServer.text(ex);
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), body);
            received.add(req);
            Function<Request, Response> handler = routes.get(req.path());
            Response res = handler == null ? Response.json(404, "{\"error\":\"no route " + req.path() + "\"}") : handler.apply(req);
            res.headers().forEach((k, v) -> v.forEach(value -> ex.getResponseHeaders().add(k, value)));
            LoopbackServer.reply(ex, res.status(), null, res.body());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
