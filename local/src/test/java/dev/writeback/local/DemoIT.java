package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.local.store.OwnerOnly;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the README's main command, driven as a user would, twice in a row on the same home. */
class DemoIT {
    @TempDir
    Path home;

    @Test
    void theDemoWritesTheOpenedEmailsToTheFileDropStoreAndWorksASecondTime() throws Exception {
        for (int round = 1; round <= 2; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new WritebackCli(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run(new String[] {"demo", "--home", home.toString()});
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, "round " + round + " printed:\n" + printed);
            assertTrue(printed.contains("0. accepted the user agreement v1 as the author alice"), printed);
            assertTrue(printed.contains("status         SUCCEEDED"), printed);
            assertTrue(printed.contains("rows read      40"), printed);
            assertTrue(printed.contains("rows written   16"), printed);
            assertTrue(printed.contains("(16 rows + header, 974 bytes)"), printed);
        }
        List<String> lines = Files.readAllLines(home.resolve("file-drop/opened-emails.csv"));
        assertEquals(17, lines.size());
        assertEquals("id,user_name,email,amount,created_at", lines.get(0));
        assertEquals("3,D'Angelo Price,dangelo@example.com,40.11,2026-04-04T15:33:51", lines.get(1));
        assertEquals("40,Ana Souza,ana@example.com,34.8,2026-04-13T08:20:20", lines.get(16));
    }

    @Test
    void everythingTheDemoLeavesInItsHomeIsTheOwnersAlone() throws Exception {
        Assumptions.assumeTrue(OwnerOnly.POSIX, "file permissions are POSIX only");
        Path shared = home.resolve("shared-home");
        Files.createDirectories(shared, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int exit = new WritebackCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(new String[] {"demo", "--home", shared.toString()});
        assertEquals(0, exit);

        List<String> readableByOthers = new ArrayList<>();
        try (Stream<Path> all = Files.walk(shared)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    readableByOthers.add(shared.relativize(p) + " " + mode);
                }
            }
        }
        assertEquals(List.of(), readableByOthers);
        assertTrue(Files.exists(shared.resolve("file-drop/opened-emails.csv")));
    }
}
