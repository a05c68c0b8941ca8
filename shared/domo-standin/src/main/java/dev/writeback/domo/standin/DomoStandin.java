package dev.writeback.domo.standin;

import com.sun.net.httpserver.HttpExchange;
import dev.writeback.core.net.LoopbackServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A Domo Platform API stand-in on 127.0.0.1: client-credentials tokens (JWT-looking, with
 * {@code exp}), DataSet list / get / CSV export (streamed from a file) and SQL query (through a
 * {@link QueryHook}). Shapes and errors follow Domo's public API reference. For tests it can
 * inject faults per path, shorten token lifetimes, and records every request. This class routes;
 * {@link StandinTokens} issues and checks tokens, {@link StandinDatasets} serves the DataSets and
 * {@link StandinAnswers} writes Domo's answers.
 */
public final class DomoStandin implements AutoCloseable {
    private final LoopbackServer server;
    private final StandinTokens tokens;
    private final StandinDatasets datasets;
    private final StandinAnswers answers = new StandinAnswers();
    private final List<ScriptedFault> faults = new CopyOnWriteArrayList<>();

    private static final class ScriptedFault {
        final String pathPrefix;
        final Fault fault;
        int remaining;

        ScriptedFault(String pathPrefix, Fault fault, int remaining) {
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private DomoStandin(Builder b) throws IOException {
        if (b.clients.isEmpty()) {
            throw new IllegalStateException("The Domo stand-in needs at least one API client: Builder.client(id, secret, scopes...)");
        }
        this.tokens = new StandinTokens(b.clients, b.clock, b.customer, b.tokenLifetime);
        this.datasets = new StandinDatasets(b.queryHook);
        for (Path folder : b.folders) {
            loadFolder(folder);
        }
        b.datasets.forEach(this::addDataset);
        this.server = LoopbackServer.start(b.port, Executors.newVirtualThreadPerTaskExecutor(), this::handle);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}; the client's base URI in place of {@code https://api.domo.com}. */
    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
    }

    /** Adds or replaces a DataSet while running. */
    public void addDataset(StandinDataset dataset) {
        datasets.add(dataset);
    }

    /** Loads every {@code <id>.json} + {@code <id>.csv} pair of a folder. */
    public void loadFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted()
                    .forEach(p -> addDataset(StandinDataset.load(p, StandinAnswers.MAPPER)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list DataSets in " + folder, e);
        }
    }

    public List<StandinDataset> datasets() {
        return datasets.all();
    }

    public void queryHook(QueryHook hook) {
        datasets.queryHook(hook);
    }

    /** Lifetime of tokens issued from now on. */
    public void tokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
    }

    /** The next {@code times} requests whose path starts with {@code pathPrefix} get {@code fault} instead of an answer. */
    public void failNext(String pathPrefix, int times, Fault fault) {
        faults.add(new ScriptedFault(pathPrefix, fault, times));
    }

    /** Every request so far, oldest first. */
    public List<RecordedRequest> requests() {
        return answers.requests();
    }

    /** Requests so far whose path starts with {@code pathPrefix}. */
    public List<RecordedRequest> requests(String pathPrefix) {
        return answers.requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    public void clearRequests() {
        answers.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            try {
                Fault fault = takeFault(path);
                if (fault != null) {
                    answers.fault(ex, fault);
                } else {
                    route(ex, path);
                }
            } catch (StandinError e) {
                answers.error(ex, e.status(), e.statusReason(), e.getMessage(),
                        e instanceof StandinTokens.Unauthorized u ? Map.of("WWW-Authenticate", u.wwwAuthenticate) : Map.of());
            } catch (RuntimeException e) {
                answers.error(ex, 500, "Internal Server Error", String.valueOf(e.getMessage()), Map.of());
            }
        } catch (IOException e) {
            // the client went away mid-answer (e.g. closed an export stream early): nothing to answer
        }
    }

    private synchronized Fault takeFault(String path) {
        for (ScriptedFault f : faults) {
            if (f.remaining > 0 && path.startsWith(f.pathPrefix)) {
                if (--f.remaining == 0) {
                    faults.remove(f);
                }
                return f.fault;
            }
        }
        return null;
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (path.equals("/oauth/token")) {
            requireMethod(method, "GET", "POST");
            Map<String, String> params = new LinkedHashMap<>(query(ex));
            if (method.equals("POST")) {
                params.putAll(lastValues(LoopbackServer.text(ex)));
            }
            answers.json(ex, 200, tokens.issue(params, ex.getRequestHeaders().getFirst("Authorization")));
            return;
        }
        if (path.equals("/v1/datasets")) {
            requireMethod(method, "GET");
            authorize(ex);
            answers.json(ex, 200, datasets.list(query(ex)));
            return;
        }
        String queryPrefix = "/v1/datasets/query/execute/";
        if (path.startsWith(queryPrefix)) {
            requireMethod(method, "POST");
            authorize(ex);
            StandinDataset d = datasets.get(decode(path.substring(queryPrefix.length())));
            answers.json(ex, 200, datasets.query(d, ex.getRequestBody()));
            return;
        }
        if (path.startsWith("/v1/datasets/")) {
            String rest = path.substring("/v1/datasets/".length());
            if (rest.endsWith("/data")) {
                requireMethod(method, "GET");
                authorize(ex);
                StandinDataset d = datasets.get(decode(rest.substring(0, rest.length() - "/data".length())));
                StandinDatasets.export(ex, d, query(ex), answers);
                return;
            }
            if (!rest.contains("/")) {
                requireMethod(method, "GET");
                authorize(ex);
                answers.json(ex, 200, StandinDatasets.describe(datasets.get(decode(rest))));
                return;
            }
        }
        throw new StandinError(404, "Not Found", "No endpoint " + method + " " + path);
    }

    private void authorize(HttpExchange ex) {
        tokens.authorize(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new StandinError(405, "Method Not Allowed", "Request method '" + method + "' is not supported");
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        return lastValues(ex.getRequestURI().getRawQuery());
    }

    /** Query or form parameters, the last value where a name is given twice. */
    private static Map<String, String> lastValues(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        LoopbackServer.parameters(raw).forEach((k, values) -> out.put(k, values.getLast()));
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Configures and starts a stand-in. */
    public static final class Builder {
        private int port;
        private final Map<String, StandinTokens.ClientApp> clients = new LinkedHashMap<>();
        private final List<Path> folders = new ArrayList<>();
        private final List<StandinDataset> datasets = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofSeconds(3599);
        private QueryHook queryHook;
        private String customer = "standin";

        private Builder() {
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** An API client that may ask for tokens; no scopes given means {@code data user}. */
        public Builder client(String id, String secret, String... scopes) {
            Set<String> s = new LinkedHashSet<>(scopes.length == 0 ? List.of("data", "user") : Arrays.asList(scopes));
            clients.put(id, new StandinTokens.ClientApp(id, secret, s));
            return this;
        }

        public Builder datasetsFrom(Path folder) {
            folders.add(folder);
            return this;
        }

        public Builder dataset(StandinDataset dataset) {
            datasets.add(dataset);
            return this;
        }

        /** Clock for token issue and expiry checks (tests move it to expire tokens mid-run). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder queryHook(QueryHook hook) {
            this.queryHook = hook;
            return this;
        }

        public Builder customer(String customer) {
            this.customer = customer;
            return this;
        }

        public DomoStandin start() {
            try {
                return new DomoStandin(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the Domo stand-in", e);
            }
        }
    }
}
