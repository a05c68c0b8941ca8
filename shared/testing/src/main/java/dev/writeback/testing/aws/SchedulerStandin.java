package dev.writeback.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A wire-compatible Amazon EventBridge Scheduler (restJson1) on a loopback port, for the real SDK
 * {@code SchedulerClient}: CreateSchedule ({@code POST /schedules/{Name}}), UpdateSchedule
 * ({@code PUT}), GetSchedule ({@code GET ?groupName=}) and DeleteSchedule ({@code DELETE ?groupName=}),
 * with the error types the SDK maps to its exceptions ({@code ResourceNotFoundException},
 * {@code ConflictException}, {@code ValidationException}). Schedules do not fire by themselves:
 * {@link #fire} renders a schedule's target input as Scheduler would deliver it. Signatures are not checked.
 */
public final class SchedulerStandin implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Map<String, ObjectNode> schedules = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    public SchedulerStandin() {
        this(Clock.systemUTC());
    }

    public SchedulerStandin(Clock clock) {
        this.clock = clock;
    }

    /** Starts on a free loopback port; returns this. */
    public SchedulerStandin start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(Loopback.HOST, 0), 0);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "scheduler-standin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort());
    }

    /** A schedule as GetSchedule returns it (PascalCase members), or empty. */
    public synchronized Optional<JsonNode> schedule(String group, String name) {
        return Optional.ofNullable(schedules.get(key(group, name))).map(ObjectNode::deepCopy);
    }

    /** The operations received, e.g. {@code "PUT default/writeback-job-1"}, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /**
     * The event Scheduler delivers to the target when the schedule fires: its input with the context
     * attributes ({@code <aws.scheduler.execution-id>}, {@code <aws.scheduler.scheduled-time>},
     * {@code <aws.scheduler.schedule-arn>}, {@code <aws.scheduler.attempt-number>}) filled in. A DISABLED
     * schedule does not fire: empty.
     */
    public synchronized Optional<String> fire(String group, String name, String executionId, Instant scheduledTime) {
        ObjectNode s = schedules.get(key(group, name));
        if (s == null || !"ENABLED".equals(s.path("State").asText("ENABLED"))) {
            return Optional.empty();
        }
        String input = s.path("Target").path("Input").asText("{}");
        return Optional.of(input.replace("<aws.scheduler.execution-id>", executionId)
                .replace("<aws.scheduler.scheduled-time>", scheduledTime.toString())
                .replace("<aws.scheduler.schedule-arn>", s.path("Arn").asText())
                .replace("<aws.scheduler.attempt-number>", "1"));
    }

    private static String key(String group, String name) {
        return (group == null || group.isEmpty() ? "default" : group) + "/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith("/schedules/") || path.length() == "/schedules/".length()) {
                reply(exchange, 404, "UnknownOperationException", "No operation at " + path);
                return;
            }
            String name = URLDecoder.decode(path.substring("/schedules/".length()), StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            }
            String group = switch (method) {
                case "POST", "PUT" -> body.path("GroupName").asText("default");
                default -> query.getOrDefault("groupName", "default");
            };
            synchronized (this) {
                calls.add(method + " " + key(group, name));
                switch (method) {
                    case "POST" -> create(exchange, group, name, body);
                    case "PUT" -> update(exchange, group, name, body);
                    case "GET" -> get(exchange, group, name);
                    case "DELETE" -> delete(exchange, group, name);
                    default -> reply(exchange, 405, "ValidationException", "Method " + method + " is not supported");
                }
            }
        }
    }

    private void create(HttpExchange exchange, String group, String name, JsonNode body) throws IOException {
        if (schedules.containsKey(key(group, name))) {
            reply(exchange, 409, "ConflictException", "Schedule " + name + " already exists.");
            return;
        }
        String invalid = validate(body);
        if (invalid != null) {
            reply(exchange, 400, "ValidationException", invalid);
            return;
        }
        ObjectNode s = stored(group, name, body);
        s.put("CreationDate", epochSeconds());
        schedules.put(key(group, name), s);
        ok(exchange, JSON.createObjectNode().put("ScheduleArn", s.path("Arn").asText()));
    }

    private void update(HttpExchange exchange, String group, String name, JsonNode body) throws IOException {
        ObjectNode before = schedules.get(key(group, name));
        if (before == null) {
            reply(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
            return;
        }
        String invalid = validate(body);
        if (invalid != null) {
            reply(exchange, 400, "ValidationException", invalid);
            return;
        }
        // UpdateSchedule replaces every member: what the request leaves out is reset, as in AWS
        ObjectNode s = stored(group, name, body);
        s.set("CreationDate", before.get("CreationDate"));
        schedules.put(key(group, name), s);
        ok(exchange, JSON.createObjectNode().put("ScheduleArn", s.path("Arn").asText()));
    }

    private void get(HttpExchange exchange, String group, String name) throws IOException {
        ObjectNode s = schedules.get(key(group, name));
        if (s == null) {
            reply(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
            return;
        }
        ok(exchange, s);
    }

    private void delete(HttpExchange exchange, String group, String name) throws IOException {
        if (schedules.remove(key(group, name)) == null) {
            reply(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
            return;
        }
        ok(exchange, JSON.createObjectNode());
    }

    /** What AWS requires of a schedule (the members the SDK marks required, and the expression forms). */
    private static String validate(JsonNode body) {
        String expr = body.path("ScheduleExpression").asText("");
        if (!expr.matches("(rate|cron|at)\\(.+\\)")) {
            return "Invalid Schedule Expression " + expr + ".";
        }
        if (!body.path("FlexibleTimeWindow").hasNonNull("Mode")) {
            return "FlexibleTimeWindow.Mode is required.";
        }
        JsonNode target = body.path("Target");
        if (!target.hasNonNull("Arn") || !target.hasNonNull("RoleArn")) {
            return "Target.Arn and Target.RoleArn are required.";
        }
        String state = body.path("State").asText("ENABLED");
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            return "State must be ENABLED or DISABLED, not " + state + ".";
        }
        if (target.has("Input") && !target.get("Input").isTextual()) {
            return "Target.Input must be a string.";
        }
        return null;
    }

    private ObjectNode stored(String group, String name, JsonNode body) {
        ObjectNode s = ((ObjectNode) body).deepCopy();
        s.remove("ClientToken");
        s.put("Name", name);
        s.put("GroupName", group);
        s.put("Arn", "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule/" + group + "/" + name);
        if (!s.has("State")) {
            s.put("State", "ENABLED");
        }
        s.put("LastModificationDate", epochSeconds());
        return s;
    }

    private double epochSeconds() {
        return clock.millis() / 1000.0;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            m.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void ok(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, body);
    }

    private static void reply(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, JSON.createObjectNode().put("Message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
