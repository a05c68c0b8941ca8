package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the npm install of dynalite is found (the last test needs it installed). */
class DynaliteExtensionIT {
    @TempDir
    Path dir;

    private final String saved = System.getProperty(DynaliteExtension.NODE_MODULES_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(DynaliteExtension.NODE_MODULES_PROPERTY);
        } else {
            System.setProperty(DynaliteExtension.NODE_MODULES_PROPERTY, saved);
        }
    }

    @Test
    void aMissingInstallIsReportedWithTheCommandToRun() {
        System.setProperty(DynaliteExtension.NODE_MODULES_PROPERTY, dir.toString());

        IllegalStateException e = assertThrows(IllegalStateException.class, DynaliteExtension::nodeModules);

        assertEquals("dynalite is not installed in " + dir + ": run `npm ci` in shared/testing/node first.", e.getMessage());
    }

    @Test
    void theConfiguredInstallIsUsed() throws Exception {
        Files.createDirectories(dir.resolve("dynalite"));
        System.setProperty(DynaliteExtension.NODE_MODULES_PROPERTY, dir.toString());

        assertEquals(dir, DynaliteExtension.nodeModules());
    }

    @Test
    void withoutThePropertyTheInstallIsFoundAboveTheWorkingDirectory() {
        System.clearProperty(DynaliteExtension.NODE_MODULES_PROPERTY);

        Path found = DynaliteExtension.nodeModules();

        assertTrue(found.endsWith(Path.of("shared/testing/node/node_modules")), found.toString());
        assertTrue(Files.isDirectory(found.resolve("dynalite")), found.toString());
    }
}
