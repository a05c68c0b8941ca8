package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** How a moto that is missing, exits or hangs is reported (stand-in python scripts as child processes). */
class MotoExtensionStartIT {
    @TempDir
    Path dir;

    private final String saved = System.getProperty(MotoExtension.PYTHON_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(MotoExtension.PYTHON_PROPERTY);
        } else {
            System.setProperty(MotoExtension.PYTHON_PROPERTY, saved);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aPythonWithoutMotoIsReportedWithTheInstallCommand() throws Exception {
        Path python = dir.resolve("python3");
        Files.writeString(python, "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\n"
                + "echo \"ModuleNotFoundError: No module named 'moto'\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MotoExtension.requireMoto(python.toString()));

        assertEquals("moto is missing: pip install 'moto[server]==5.2.*' (" + python
                + " -c 'import moto' said: ModuleNotFoundError: No module named 'moto')", e.getMessage());
    }

    /** A python whose {@code -c} check passes and whose {@code -m moto.server} runs this shell script instead. */
    private Path python(String server) throws Exception {
        Path python = dir.resolve("python3");
        Files.writeString(python, "#!/bin/sh\nif [ \"$1\" = \"-c\" ]; then exit 0; fi\n" + server + "\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        return python;
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aServerThatExitsAtOnceIsTriedOnNewPortsThenReportedWithItsOutput() throws Exception {
        Path python = python("echo \"OSError: [Errno 98] Address already in use ($4)\"\nexit 1");

        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MotoExtension.Server.start(python.toString(), Duration.ofSeconds(20)));

        assertTrue(e.getMessage().startsWith("moto exited before it listened on 127.0.0.1 (3 attempts); its output: OSError: "),
                e.getMessage());
        assertEquals(3, e.getMessage().split("Address already in use", -1).length - 1, e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "no waiting for a process that is gone");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aServerThatNeverListensIsStoppedAfterTheTimeoutAndReported() throws Exception {
        Path python = python("echo 'Serving Flask app, or so it says'\nexec sleep 60");

        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MotoExtension.Server.start(python.toString(), Duration.ofSeconds(1)));

        assertTrue(e.getMessage().matches("moto did not listen on 127\\.0\\.0\\.1:\\d+ within 1 s; its output: "
                + "Serving Flask app, or so it says"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "one attempt, bounded");
    }

    @Test
    void aMissingPythonIsReportedWithTheInstallCommand() {
        String python = dir.resolve("no-such-python").toString();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MotoExtension.requireMoto(python));

        assertTrue(e.getMessage().startsWith("moto is missing: pip install 'moto[server]==5.2.*' (cannot run " + python + ": "),
                e.getMessage());
    }

    @Test
    void thePythonIsPython3UnlessConfigured() {
        System.clearProperty(MotoExtension.PYTHON_PROPERTY);
        assertEquals("python3", MotoExtension.python());

        System.setProperty(MotoExtension.PYTHON_PROPERTY, "/opt/python3.12/bin/python3");
        assertEquals("/opt/python3.12/bin/python3", MotoExtension.python());
    }
}
