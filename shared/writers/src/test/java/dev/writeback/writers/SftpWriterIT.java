package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.testing.RebindingResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpWriterIT {
    @TempDir
    static Path dir;
    static Path root;
    static SshServer sshd;
    static KeyPair userKey;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        userKey = gen.generateKeyPair();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        sshd.setPasswordAuthenticator((user, password, session) -> "ann".equals(user) && "pw-1".equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> "bob".equals(user) && KeyUtils.compareKeys(key, userKey.getPublic()));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        port = sshd.getPort();
    }

    @AfterAll
    static void stop() throws IOException {
        sshd.stop(true);
    }

    static StreamingOutputWriters writers(int port) {
        return new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults().withInternalTargets(Set.of("127.0.0.1:" + port)));
    }

    static Map<String, Object> target(int port, String path) {
        return new HashMap<>(Map.of("type", "sftp", "host", "sftp://127.0.0.1", "port", port, "username", "ann",
                "password", "pw-1", "path", path));
    }

    static String pem(KeyPair kp) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    static List<String> files() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void passwordLoginWritesCsvThroughATemporaryFileIntoNewFolders() throws IOException {
        try (StreamingOutputWriters w = writers(port)) {
            WriteSummary s = w.write(Fixtures.spec(Map.of("target", target(port, "/out/{date:yyyyMMdd}/{datasetName}.csv"))),
                    Fixtures.cursor());

            assertEquals("sftp://127.0.0.1:" + port + "/out/20240301/Orders.csv", s.location());
            assertEquals(5, s.rows());
            assertEquals(Fixtures.CSV, Files.readString(root.resolve("out/20240301/Orders.csv")));
            assertFalse(Files.exists(root.resolve("out/20240301/.Orders.csv.part")));
        }
    }

    @Test
    void privateKeyLoginReplacesTheFile() throws IOException {
        Files.createDirectories(root.resolve("keyed"));
        Files.writeString(root.resolve("keyed/orders.jsonl"), "old");
        Map<String, Object> t = target(port, "keyed/orders.jsonl");
        t.remove("password");
        t.put("username", "bob");
        t.put("privateKey", pem(userKey));
        try (StreamingOutputWriters w = writers(port)) {
            w.write(Fixtures.spec(Map.of("target", t, "format", Map.of("type", "jsonl"))), Fixtures.cursor());
        }
        String text = Files.readString(root.resolve("keyed/orders.jsonl"));
        assertTrue(text.startsWith("{\"name\":\"Ann\",\"qty\":3,"), text);
        assertEquals(5, text.lines().count());
    }

    @Test
    void noOverwriteAndWrongPasswordFailClearly() throws IOException {
        Files.createDirectories(root.resolve("kept"));
        Files.writeString(root.resolve("kept/a.csv"), "old");
        Map<String, Object> t = target(port, "kept/a.csv");
        t.put("overwrite", false);
        try (StreamingOutputWriters w = writers(port)) {
            ConflictException c = assertThrows(ConflictException.class, () -> w.write(Fixtures.spec(Map.of("target", t)), Fixtures.cursor()));
            assertEquals("sftp://127.0.0.1:" + port + "/kept/a.csv already exists and target.overwrite is false; nothing was written",
                    c.getMessage());

            Map<String, Object> wrong = target(port, "kept/b.csv");
            wrong.put("password", "nope");
            UpstreamException u = assertThrows(UpstreamException.class, () -> w.write(Fixtures.spec(Map.of("target", wrong)), Fixtures.cursor()));
            assertTrue(u.getMessage().startsWith("The SFTP server 127.0.0.1:" + port + " refused the login of ann"), u.getMessage());
        }
        assertEquals("old", Files.readString(root.resolve("kept/a.csv")));
        assertFalse(Files.exists(root.resolve("kept/b.csv")));
    }

    @Test
    void aDroppedConnectionLeavesThePreviousFile() throws IOException {
        Files.createDirectories(root.resolve("drop"));
        Files.writeString(root.resolve("drop/big.csv"), "previous run");
        InMemoryDataPlane plane = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG),
                new Column("text", DomoType.STRING)), 100_000, i -> new Object[]{i, "row-" + i + "-abcdefghijklmnopqrstuvwxyz"});
        try (DroppingProxy proxy = new DroppingProxy(port, 512 * 1024); StreamingOutputWriters w = writers(proxy.port())) {
            UpstreamException e = assertThrows(UpstreamException.class, () -> w.write(
                    Fixtures.spec(Map.of("target", target(proxy.port(), "drop/big.csv"))), plane.openQuery("big", "select * from tbl")));
            assertTrue(proxy.dropped());
            assertTrue(e.getMessage().startsWith("Writing sftp://127.0.0.1:" + proxy.port() + "/drop/big.csv failed"), e.getMessage());
        }
        assertEquals("previous run", Files.readString(root.resolve("drop/big.csv")));
        assertTrue(files().stream().noneMatch(f -> f.equals("drop/big.csv.part") || f.startsWith("drop/big.csv.")), files().toString());
    }

    @Test
    void theServerIsReachedAtTheAddressItsCheckResolvedNotAtWhatTheNameAnswersLater() throws IOException {
        // the check resolves 127.0.0.1; asked again, the name would answer cloud metadata
        RebindingResolver rebinding = new RebindingResolver("sftp.rebind.test", "127.0.0.1", "169.254.169.254");
        try (StreamingOutputWriters pinned = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                .withGuard(AddressGuard.publicInternetOnly().allowing(Set.of("sftp.rebind.test:" + port)).resolvingWith(rebinding)))) {
            Map<String, Object> t = target(port, "rebound/orders.csv");
            t.put("host", "sftp.rebind.test");

            WriteSummary s = pinned.write(Fixtures.spec(Map.of("target", t)), Fixtures.cursor());

            assertEquals("sftp://sftp.rebind.test:" + port + "/rebound/orders.csv", s.location());
            assertEquals(Fixtures.CSV, Files.readString(root.resolve("rebound/orders.csv")));
            assertEquals(1, rebinding.lookups(), "resolved once, by the check; the session connects to what it answered");
        }
    }
}
