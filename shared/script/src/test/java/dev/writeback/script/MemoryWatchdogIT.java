package dev.writeback.script;

import static dev.writeback.script.Inputs.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own JVM with {@code -Xmx128m} (see the pom): a script that keeps many small objects alive is stopped by
 * the memory watchdog before the JVM thrashes, and the process answers other requests all along.
 */
class MemoryWatchdogIT {
    /** A hang detector, not a timing test: a stalled JVM takes minutes. */
    private static final Duration HANG = Duration.ofSeconds(10);

    @Test
    void aScriptFillingTheHeapWithLiveObjectsIsStoppedAndTheProcessKeepsAnswering() throws Exception {
        // the pom's memory-watchdog execution runs it with -Xmx128m; a run of the default execution (-Dit.test=…) skips it
        assumeTrue(Runtime.getRuntime().maxMemory() <= 128L << 20, "this test must run with -Xmx128m");
        assertTrue(MemoryWatchdog.get().active(), "the JVM has an old-generation pool to watch");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping", exchange -> {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        try (GraalScriptRunner runner = new GraalScriptRunner(ScriptLimits.defaults().withStatementLimit(Long.MAX_VALUE / 2),
                HttpPolicy.defaults()); HttpClient http = HttpClient.newHttpClient()) {
            URI ping = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping");
            long start = System.nanoTime();
            CompletableFuture<ProcessOutcome> bloat = CompletableFuture.supplyAsync(() -> runner.process(js(
                    "var keep = [];\nfor (;;) { keep.push({n: keep.length, s: 'v' + keep.length, o: {}}); }"),
                    Inputs.withDeadline(Duration.ofMinutes(3))));
            int answered = 0;
            long slowest = 0;
            while (!bloat.isDone()) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ping).timeout(HANG).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("ok", r.body());
                answered++;
                slowest = Math.max(slowest, System.nanoTime() - t);
                Thread.sleep(100);
            }
            ProcessOutcome out = bloat.get(1, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("memory watchdog: stopped after %d ms; %d pings answered meanwhile, slowest %d ms; threshold %d MB%n",
                    tookMillis, answered, slowest / 1_000_000, MemoryWatchdog.get().threshold() >> 20);
            assertEquals(new ScriptError(Kind.LIMIT, "script exceeded the memory available to scripts", "process.js",
                    out.error().line(), out.error().column(), null), out.error());
            assertTrue(answered > 0, "the process answered while the script ran");

            ProcessOutcome after = runner.process(js("var a = []; for (var i = 0; i < 1000; i++) { a.push({i: i}); }\nDOMO.log(a.length);"),
                    Inputs.withDeadline(Duration.ofSeconds(30)));
            assertNull(after.error(), String.valueOf(after.error()));
            assertEquals(List.of("1000"), after.log());
            assertEquals("ok", http.send(HttpRequest.newBuilder(ping).timeout(HANG).build(), HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            server.stop(0);
        }
    }
}
