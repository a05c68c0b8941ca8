package dev.writeback.script;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptObjectStore;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.script.ScriptSyntaxException;
import dev.writeback.net.GuardedHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs Domo connector scripts in GraalJS: one {@link Engine} per runner (created once, shared by every run, so parsed
 * scripts are reused), one {@link Context} per run, closed after it. Thread-safe; close the runner when done.
 * Longer than most classes: the engine's options and every script kind's entry (auth, process, discovery, the syntax
 * check) with the one mapping of GraalJS failures to script errors they share.
 */
public final class GraalScriptRunner implements ScriptRunner, AutoCloseable {
    private static final String NO_AUTH_CALL = "The authentication script ended without calling auth.authenticationSuccess() "
            + "or auth.authenticationFailed(message).";
    private static final ObjectMapper METADATA = Json.MAPPER.copy().setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);
    /** {@code metadata.lastRunDate} in the form {@code Date.prototype.toISOString} gives. */
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final HostAccess HOST_ACCESS = HostAccess.newBuilder().allowAccessAnnotatedBy(HostAccess.Export.class).build();
    private static final ScriptObjectStore NO_OBJECT_STORE = ScriptObjectStore.unavailable(
            "aws is not available here: this runner has no object store");

    /**
     * Seeds of the runs' {@code Math.random}. GraalJS seeds each context from a JVM-wide sequence fixed when the JVM
     * started, which every container restored from one SnapStart snapshot would repeat; a SecureRandom does not.
     */
    private static final SecureRandom RANDOM_SEEDS = new SecureRandom();

    private final LongSupplier randomSeeds;
    private final ScriptLimits limits;
    private final HttpPolicy httpPolicy;
    private final Engine engine;
    private final ResourceLimits resourceLimits;
    private final GuardedHttpClient httpClient;
    private final ScheduledExecutorService watchdog;
    private final Source hostApi;
    private final Source sqlAndAwsApi;
    private final ScriptObjectStore objectStore;

    /** Scripts without an object store: {@code aws.createClient} fails. */
    public GraalScriptRunner(ScriptLimits limits, HttpPolicy httpPolicy) {
        this(limits, httpPolicy, NO_OBJECT_STORE, RANDOM_SEEDS::nextLong);
    }

    /** @param objectStore where {@code aws.put/get} go */
    public GraalScriptRunner(ScriptLimits limits, HttpPolicy httpPolicy, ScriptObjectStore objectStore) {
        this(limits, httpPolicy, objectStore, RANDOM_SEEDS::nextLong);
    }

    GraalScriptRunner(ScriptLimits limits, HttpPolicy httpPolicy, LongSupplier randomSeeds) {
        this(limits, httpPolicy, NO_OBJECT_STORE, randomSeeds);
    }

    /** @param randomSeeds where each run's {@code Math.random} seed comes from */
    GraalScriptRunner(ScriptLimits limits, HttpPolicy httpPolicy, ScriptObjectStore objectStore, LongSupplier randomSeeds) {
        this.objectStore = objectStore;
        this.randomSeeds = randomSeeds;
        this.limits = limits;
        this.httpPolicy = httpPolicy;
        this.engine = Engine.newBuilder("js")
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .allowExperimentalOptions(true)
                .option("engine.WarnInterpreterOnly", "false")
                .option("js.ecmascript-version", "2022")
                // scripts see UTC, as on Domo's servers, whatever the host's zone (new Date(y, m, d), getHours, Date.parse)
                .option("js.timezone", "UTC")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.java-package-globals", "false")
                // a promise rejected with no handler once the job queue is drained fails the run as an uncaught throw would
                .option("js.unhandled-rejections", "throw")
                .option("js.string-length-limit", Integer.toString(limits.maxStringLength()))
                .option("js.max-typed-array-length", Integer.toString(limits.maxStringLength()))
                .build();
        // one instance for the engine: GraalJS shares the statement-counting code among contexts using the same limits
        this.resourceLimits = ResourceLimits.newBuilder()
                .statementLimit(limits.statementLimit(), source -> !source.isInternal())
                .build();
        this.httpClient = GuardedHttpClient.create(httpPolicy.guard(), httpPolicy.connectTimeout());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "script-deadline-watchdog");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.watchdog = Executors.unconfigurableScheduledExecutorService(scheduler);
        this.hostApi = loadHostApi("host-api.js", "writeback-host-api.js");
        this.sqlAndAwsApi = loadHostApi("host-api-sql-aws.js", "writeback-host-api-sql-aws.js");
    }

    /**
     * Mixes fresh entropy into the source of the runs' {@code Math.random} seeds, after a SnapStart restore: every
     * environment restored from one snapshot then draws its own seeds even if the generator's state was copied.
     */
    public static void reseedAfterRestore() {
        RANDOM_SEEDS.setSeed(new SecureRandom().generateSeed(32));
    }

    /** Default limits, https only, no internal targets. */
    public static GraalScriptRunner create() {
        return new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults());
    }

    /** Default limits, https only, no internal targets; the {@code aws} global on this object store. */
    public static GraalScriptRunner create(ScriptObjectStore objectStore) {
        return new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults(), objectStore);
    }

    public ScriptLimits limits() {
        return limits;
    }

    public HttpPolicy httpPolicy() {
        return httpPolicy;
    }

    @Override
    public void checkSyntax(ScriptSource source) {
        try (Context context = newContext(false)) {
            context.parse(userSource(source));
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                SourceSection at = e.getSourceLocation();
                throw new ScriptSyntaxException(new ScriptError(Kind.SYNTAX, ScriptErrors.syntaxMessage(e), source.name(),
                        at != null ? at.getStartLine() : 0, at != null ? at.getStartColumn() : 0, null));
            }
            throw e;
        }
    }

    @Override
    public AuthOutcome authenticate(ScriptSource source, ScriptInput input) {
        ScriptRun run = new ScriptRun(input, limits, randomSeeds.getAsLong());
        ScriptError error = execute(source, run);
        if (error != null) {
            return new AuthOutcome(false, error.message(), error, run.log.lines());
        }
        if (run.authenticated == null) {
            return new AuthOutcome(false, NO_AUTH_CALL, null, run.log.lines());
        }
        return new AuthOutcome(run.authenticated, run.redactor.apply(run.authMessage), null, run.log.lines());
    }

    @Override
    public DiscoveryOutcome discover(ScriptSource source, ScriptInput input, DiscoveryRequest request) {
        ScriptRun run = new ScriptRun(input, limits, randomSeeds.getAsLong());
        run.discovery = new DiscoveryHost(run, request);
        return run.discovery.outcome(execute(source, run), run.log.lines(), source.name());
    }

    @Override
    public ProcessOutcome process(ScriptSource source, ScriptInput input) {
        ScriptRun run = new ScriptRun(input, limits, randomSeeds.getAsLong());
        ScriptError error = execute(source, run);
        return new ProcessOutcome(error, run.grid.build(), run.log.lines(), run.state, run.httpUsage(), run.rowsWritten);
    }

    private ScriptError execute(ScriptSource source, ScriptRun run) {
        if (run.input.cancel().cancelled()) {
            return ScriptErrors.cancelledError(run, source.name(), 0, 0);
        }
        if (run.discovery == null) {
            run.discovery = new DiscoveryHost(run, null);
        }
        AtomicBoolean finished = new AtomicBoolean();
        ScriptError error = null;
        try (Context context = newContext(true)) {
            ScheduledFuture<?> alarm = arm(context, run, finished);
            AutoCloseable cancelHook = run.input.cancel().onCancel(() -> {
                if (!finished.get()) {
                    run.cancelHit.set(true);
                    run.stopping.countDown();
                    stopAsync(context);
                }
            });
            AutoCloseable memoryHook = MemoryWatchdog.get().watch(() -> {
                if (!finished.get()) {
                    run.memoryHit.set(true);
                    run.stopping.countDown();
                    stopAsync(context);
                }
            });
            AwsHost aws = new AwsHost(run, objectStore);
            try {
                run.bindErrorConstructor(context.getBindings("js").getMember("Error"));
                context.eval(hostApi).execute(new HttpHost(run, httpClient, httpPolicy), new DomoHost(run), new GridHost(run),
                        METADATA.writeValueAsString(metadata(run)), run.discovery);
                context.eval(sqlAndAwsApi).execute(new SqlHost(run), aws);
                context.eval(userSource(source));
            } catch (PolyglotException e) {
                // GraalJS flags a SyntaxError the script raises as it runs (JSON.parse, eval) as a syntax error too
                run.syntaxErrorAtRun = e.isSyntaxError() && parses(context, source);
                error = ScriptErrors.toError(e, run, source.name(), limits);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                finished.set(true);
                if (alarm != null) {
                    alarm.cancel(false);
                }
                closeQuietly(cancelHook);
                closeQuietly(memoryHook);
                run.closeCursors();
                aws.closeClient();
            }
        } catch (PolyglotException e) {
            // closing a context that was cancelled (statement limit, watchdog) rethrows why it was cancelled
            if (error == null) {
                error = ScriptErrors.toError(e, run, source.name(), limits);
            }
        } catch (IllegalStateException e) {
            if (error == null) {
                error = run.cancelHit.get() ? ScriptErrors.cancelledError(run, source.name(), 0, 0)
                        : run.memoryHit.get() ? ScriptErrors.memoryError(source.name(), 0, 0)
                        : run.deadlineHit.get() ? ScriptErrors.deadlineError(run, source.name(), 0, 0) : new ScriptError(Kind.RUNTIME,
                        "the script could not be stopped cleanly: " + e.getMessage(), source.name(), 0, 0, null);
            }
        }
        if (run.memoryHit.get()) {
            MemoryWatchdog.get().released();
        }
        if (run.gridError != null) {
            ScriptFailure f = run.gridError;
            int line = error != null && error.kind() == Kind.DATAGRID_ERROR ? error.line() : 0;
            int column = error != null && error.kind() == Kind.DATAGRID_ERROR ? error.column() : 0;
            return new ScriptError(Kind.DATAGRID_ERROR, run.redactor.apply(f.message()), source.name(), line, column, f.code());
        }
        return error;
    }

    private ScheduledFuture<?> arm(Context context, ScriptRun run, AtomicBoolean finished) {
        Duration remaining = run.deadline.remaining();
        if (remaining.compareTo(Duration.ofDays(1)) > 0) {
            return null;
        }
        return watchdog.schedule(() -> {
            if (!finished.get()) {
                run.deadlineHit.set(true);
                stopAsync(context);
            }
        }, Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Cancels the script; close(true) waits for the script thread to stop, so it runs off the caller's thread. */
    private static void stopAsync(Context context) {
        Thread.ofPlatform().daemon().name("script-cancel").start(() -> {
            try {
                context.close(true);
            } catch (PolyglotException | IllegalStateException e) {
                // the script thread reports the cancellation; this thread has nothing to add
            }
        });
    }

    private static void closeQuietly(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not remove the cancel hook", e);
        }
    }

    private Context newContext(boolean limited) {
        Context.Builder b = Context.newBuilder("js").engine(engine)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(name -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE);
        if (limited) {
            b.resourceLimits(resourceLimits);
        }
        return b.build();
    }

    private static Map<String, Object> metadata(ScriptRun run) {
        ScriptInput input = run.input;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", input.account());
        m.put("report", input.report());
        m.put("parameters", input.parameters());
        m.put("baseurl", input.baseUrl());
        m.put("days", input.days());
        m.put("lastRunDate", input.lastRunDate() == null ? null : ISO_MILLIS.format(input.lastRunDate()));
        m.put("discovery", run.discovery.metadata());
        return m;
    }

    /** True when the script parses: a syntax error it reported was raised while it ran. */
    private static boolean parses(Context context, ScriptSource source) {
        try {
            context.parse(userSource(source));
            return true;
        } catch (PolyglotException | IllegalStateException e) {
            return false;
        }
    }

    private static Source userSource(ScriptSource source) {
        return Source.newBuilder("js", source.code(), source.name()).mimeType("application/javascript").buildLiteral();
    }

    private static Source loadHostApi(String resource, String sourceName) {
        try (InputStream in = GraalScriptRunner.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the writeback-script jar");
            }
            String code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", code, sourceName).internal(true).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        httpClient.close();
        engine.close();
    }
}
