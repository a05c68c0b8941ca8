package dev.writeback.local.filedrop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The embedded default's third-party store: a small authenticated file API on loopback
 * ({@code GET /v1/whoami}, {@code PUT|GET /v1/files/{name}}, {@code GET /v1/files}) that keeps
 * files in a folder. A file appears whole or not at all (written to a temporary file, then moved).
 */
public final class FileDropServer implements AutoCloseable {
    private static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path folder;
    private final String apiKey;

    private FileDropServer(HttpServer server, ExecutorService executor, Path folder, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.folder = folder;
        this.apiKey = apiKey;
    }

    /** Starts on 127.0.0.1 ({@code port} 0 picks a free one), accepting only {@code apiKey}. */
    public static FileDropServer start(Path folder, String apiKey, int port) throws IOException {
        Files.createDirectories(folder);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        FileDropServer drop = new FileDropServer(server, executor, folder, apiKey);
        server.createContext("/", drop::handle);
        server.setExecutor(executor);
        server.start();
        return drop;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Path folder() {
        return folder;
    }

    public Path file(String name) {
        return folder.resolve(name);
    }

    public List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equals("Bearer " + apiKey)) {
                reply(ex, 401, "{\"error\":\"invalid_api_key\",\"message\":\"Send Authorization: Bearer <your API key>.\"}");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v1/whoami") && method.equals("GET")) {
                reply(ex, 200, "{\"name\":\"File Drop (local)\"}");
            } else if (path.equals("/v1/files") && method.equals("GET")) {
                StringBuilder sb = new StringBuilder("[");
                for (String f : files()) {
                    sb.append(sb.length() > 1 ? "," : "").append('"').append(f.replace("\"", "\\\"")).append('"');
                }
                reply(ex, 200, sb.append(']').toString());
            } else if (path.startsWith("/v1/files/")) {
                String name = URLDecoder.decode(path.substring("/v1/files/".length()), StandardCharsets.UTF_8);
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    reply(ex, 400, "{\"error\":\"bad_name\",\"message\":\"A file name has no slashes and does not start with a dot.\"}");
                } else if (method.equals("PUT")) {
                    put(ex, name);
                } else if (method.equals("GET")) {
                    Path f = folder.resolve(name);
                    if (!Files.isRegularFile(f)) {
                        reply(ex, 404, "{\"error\":\"not_found\"}");
                    } else {
                        ex.sendResponseHeaders(200, Files.size(f));
                        try (OutputStream out = ex.getResponseBody()) {
                            Files.copy(f, out);
                        }
                    }
                } else {
                    reply(ex, 405, "{\"error\":\"method_not_allowed\"}");
                }
            } else {
                reply(ex, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private void put(HttpExchange ex, String name) throws IOException {
        Path target = folder.resolve(name);
        boolean existed = Files.exists(target);
        Path temp = Files.createTempFile(folder, ".upload-", ".part");
        try {
            long size;
            try (InputStream in = ex.getRequestBody(); OutputStream out = Files.newOutputStream(temp)) {
                size = copyCapped(in, out);
            }
            if (size < 0) {
                reply(ex, 413, "{\"error\":\"too_large\"}");
                return;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            reply(ex, existed ? 200 : 201, "{\"name\":\"" + name.replace("\"", "\\\"") + "\",\"bytes\":" + size + "}");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long copyCapped(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_FILE_BYTES) {
                return -1;
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
