package dev.writeback.testing.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A server run as a child process on a free loopback port (dynalite, moto, the OAuth server). The
 * extensions keep one per test JVM in JUnit's root store, which closes it when the JVM's tests are
 * done; a shutdown hook stops it if the JVM is killed instead.
 */
public final class ServerProcess implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code command.apply(port)} on a free port and waits until the port accepts connections.
     * A process that exits first most likely lost its port to another process: it is tried again on a
     * new port, {@value #ATTEMPTS} times in all.
     *
     * @param whenMissing what to say when the command cannot be run at all (e.g. {@code node} is not installed)
     */
    public static ServerProcess start(String name, IntFunction<ProcessBuilder> command, Duration timeout, String whenMissing) {
        Path log = null;
        try {
            log = Files.createTempFile(name, ".log");
            for (int attempt = 1; ; attempt++) {
                int port = Loopback.freePort();
                Process started;
                try {
                    started = command.apply(port).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                } catch (IOException e) {
                    throw new IllegalStateException(whenMissing + ": " + e.getMessage(), e);
                }
                started.getOutputStream().close();
                if (awaitListening(started, port, timeout)) {
                    return new ServerProcess(name, port, started, log);
                }
                boolean hung = started.isAlive();
                started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                if (hung || attempt == ATTEMPTS) {
                    String output = Files.readString(log, StandardCharsets.UTF_8).strip();
                    Files.deleteIfExists(log);
                    throw new IllegalStateException(name + (hung
                            ? " did not listen on " + Loopback.HOST + ":" + port + " within " + timeout.toSeconds() + " s"
                            : " exited before it listened on " + Loopback.HOST + " (" + ATTEMPTS + " attempts)")
                            + "; its output: " + (output.isEmpty() ? "(none)" : output));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + name, e);
        }
    }

    private static boolean awaitListening(Process started, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                return false; // most likely the port was taken meanwhile
            }
            if (Loopback.accepts(port)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return URI.create("http://" + Loopback.HOST + ":" + port);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the process is already gone
        }
        Files.deleteIfExists(log);
    }

    @Override
    public String toString() {
        return name + " on " + endpoint();
    }
}
