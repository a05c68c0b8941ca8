package dev.writeback.script;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    final List<Request> received = new CopyOnWriteArrayList<>();

    TestApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    TestApi route(String path, Function<Request, Response> handler) {
        routes.put(path, handler);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    String target() {
        return "127.0.0.1:" + port();
    }

    List<Request> requests(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), body);
            received.add(req);
            Function<Request, Response> handler = routes.get(req.path());
            Response res = handler == null ? Response.json(404, "{\"error\":\"no route " + req.path() + "\"}") : handler.apply(req);
            res.headers().forEach((k, v) -> v.forEach(value -> ex.getResponseHeaders().add(k, value)));
            boolean noBody = res.body().length == 0 || req.method().equals("HEAD");
            ex.sendResponseHeaders(res.status(), noBody ? -1 : res.body().length);
            if (!noBody) {
                ex.getResponseBody().write(res.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
