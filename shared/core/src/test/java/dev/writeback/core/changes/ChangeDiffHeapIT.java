package dev.writeback.core.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 2M-row CHANGES diff in a JVM of its own with a 256 MB heap ({@link BigDiffInSmallHeap}): it ends normally (no
 * OutOfMemoryError) and finds exactly the rows changed between its two runs.
 */
class ChangeDiffHeapIT {
    private static final long ROWS = 2_000_000;

    @Test
    void twoMillionRowsDiffWithinA256MbHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), BigDiffInSmallHeap.class.getName(), Long.toString(ROWS))
                .redirectErrorStream(true).start();
        String printed;
        try (var out = child.getInputStream()) {
            printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), printed);
        assertEquals(0, child.exitValue(), printed);

        // ids 1000..2000999 now: 1000 gone at the start, 1000 new at the end, ids ending in 07 changed among the kept ones
        long changed = (ROWS - 1000) / 100;
        List<String> lines = printed.lines().toList();
        assertTrue(lines.contains("first: ChangeCounts[writeMode=CHANGES, added=2000000, changed=0, removed=0, unchanged=0, reset=true]"),
                printed);
        assertTrue(lines.contains("second: ChangeCounts[writeMode=CHANGES, added=1000, changed=" + changed + ", removed=1000, unchanged="
                + (ROWS - 1000 - changed) + ", reset=false]"), printed);
        assertTrue(lines.contains("sent: " + (1000 + changed)), printed);
        assertTrue(printed.contains("peak heap used: "), printed);
    }
}
