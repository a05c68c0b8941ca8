package dev.writeback.local.filedrop;

import static dev.writeback.core.net.LoopbackServer.json;

import com.sun.net.httpserver.HttpExchange;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.local.store.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The embedded default's third-party store: a small authenticated file API on loopback
 * ({@code GET /v1/whoami}, {@code PUT|GET /v1/files/{name}}, {@code GET /v1/files}) that keeps
 * files in a folder. A file appears whole or not at all (written to a temporary file, then moved).
 */
public final class FileDropServer implements AutoCloseable {
    private static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private final Path folder;
    private final String apiKey;
    private LoopbackServer server;

    private FileDropServer(Path folder, String apiKey) {
        this.folder = folder;
        this.apiKey = apiKey;
    }

    /** Starts on 127.0.0.1 ({@code port} 0 picks a free one), accepting only {@code apiKey}. */
    public static FileDropServer start(Path folder, String apiKey, int port) throws IOException {
        OwnerOnly.folder(folder);
        FileDropServer drop = new FileDropServer(folder, apiKey);
        drop.server = LoopbackServer.start(port, Executors.newFixedThreadPool(4), drop::handle);
        return drop;
    }

    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
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
                json(ex, 401, "{\"error\":\"invalid_api_key\",\"message\":\"Send Authorization: Bearer <your API key>.\"}");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v1/whoami") && method.equals("GET")) {
                json(ex, 200, "{\"name\":\"File Drop (local)\"}");
            } else if (path.equals("/v1/files") && method.equals("GET")) {
                StringBuilder sb = new StringBuilder("[");
                for (String f : files()) {
                    sb.append(sb.length() > 1 ? "," : "").append('"').append(f.replace("\"", "\\\"")).append('"');
                }
                json(ex, 200, sb.append(']').toString());
            } else if (path.startsWith("/v1/files/")) {
                String name = URLDecoder.decode(path.substring("/v1/files/".length()), StandardCharsets.UTF_8);
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    json(ex, 400, "{\"error\":\"bad_name\",\"message\":\"A file name has no slashes and does not start with a dot.\"}");
                } else if (method.equals("PUT")) {
                    put(ex, name);
                } else if (method.equals("GET")) {
                    Path f = folder.resolve(name);
                    if (!Files.isRegularFile(f)) {
                        json(ex, 404, "{\"error\":\"not_found\"}");
                    } else {
                        ex.sendResponseHeaders(200, Files.size(f));
                        try (OutputStream out = ex.getResponseBody()) {
                            Files.copy(f, out);
                        }
                    }
                } else {
                    json(ex, 405, "{\"error\":\"method_not_allowed\"}");
                }
            } else {
                json(ex, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private void put(HttpExchange ex, String name) throws IOException {
        Path target = folder.resolve(name);
        boolean existed = Files.exists(target);
        Path temp = OwnerOnly.tempFile(folder, ".upload-", ".part");
        try {
            long size;
            try (InputStream in = ex.getRequestBody(); OutputStream out = Files.newOutputStream(temp)) {
                size = copyCapped(in, out);
            }
            if (size < 0) {
                json(ex, 413, "{\"error\":\"too_large\"}");
                return;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            json(ex, existed ? 200 : 201, "{\"name\":\"" + name.replace("\"", "\\\"") + "\",\"bytes\":" + size + "}");
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

    @Override
    public void close() {
        server.close();
    }
}
