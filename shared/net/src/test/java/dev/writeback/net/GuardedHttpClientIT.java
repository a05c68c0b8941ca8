package dev.writeback.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.testing.RebindingResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests connect to the address the guard checked, whatever the name answers afterwards; TLS keeps the host name. */
class GuardedHttpClientIT {
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    private LoopbackServer echoingHost() throws IOException {
        return LoopbackServer.start(exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            LoopbackServer.reply(exchange, 200, "text/plain", (exchange.getRequestMethod() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aNameThatAnswersAnInternalAddressAfterTheCheckIsStillReachedAtTheCheckedAddress() throws Exception {
        try (LoopbackServer server = echoingHost()) {
            // the check resolves 127.0.0.1 (the test's stand-in for a public address); asked again, the name would
            // answer 169.254.169.254, where nothing answers
            RebindingResolver rebinding = new RebindingResolver("rebind.test", "127.0.0.1", "169.254.169.254");
            AddressGuard guard = AddressGuard.publicInternetOnly().allowing(Set.of("rebind.test:" + server.port()))
                    .resolvingWith(rebinding);
            try (GuardedHttpClient http = GuardedHttpClient.create(guard, Duration.ofSeconds(5))) {
                URI uri = URI.create("http://rebind.test:" + server.port() + "/orders");
                assertInstanceOf(AddressGuard.Admitted.class, http.admit(uri));

                for (int i = 0; i < 2; i++) {
                    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString("row " + i)).build(), 1024);
                    assertEquals(200, answer.statusCode());
                    assertEquals("POST row " + i, new String(answer.body(), StandardCharsets.UTF_8));
                }

                assertEquals(1, rebinding.lookups(), "the name was resolved once, by the check");
                assertEquals(List.of("rebind.test:" + server.port(), "rebind.test:" + server.port()), hosts,
                        "the Host header keeps the name");
            }
        }
    }

    @Test
    void aHostThatWasNotAdmittedIsNotConnectedTo() throws Exception {
        try (LoopbackServer server = echoingHost();
             GuardedHttpClient http = GuardedHttpClient.create(AddressGuard.publicInternetOnly(), Duration.ofSeconds(5))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(5)).build();
            assertThrows(UnknownHostException.class, () -> http.send(request, 1024));
            assertEquals(List.of(), hosts);
        }
    }

    @Test
    void overTlsTheHostNameIsSentAsSniAndTheCertificateIsCheckedAgainstIt(@TempDir Path dir) throws Exception {
        SSLContext[] tls = selfSigned(dir, "rebind.test");
        List<String> serverNames = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls[0]));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
            session.getRequestedServerNames().forEach(n -> serverNames.add(((SNIHostName) n).getAsciiName()));
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            reply(exchange, "secure");
        });
        server.start();
        int port = server.getAddress().getPort();
        try {
            AddressGuard guard = AddressGuard.publicInternetOnly().allowing(Set.of("rebind.test:" + port, "other.test:" + port))
                    .resolvingWith(name -> List.of(InetAddress.getByName("127.0.0.1")));
            try (GuardedHttpClient http = GuardedHttpClient.create(guard, Duration.ofSeconds(5), tls[1])) {
                URI good = URI.create("https://rebind.test:" + port + "/");
                http.admit(good);
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(good).timeout(Duration.ofSeconds(5)).build(), 1024);
                assertEquals("secure", new String(answer.body(), StandardCharsets.UTF_8));
                assertEquals(List.of("rebind.test"), serverNames);
                assertEquals(List.of("rebind.test:" + port), hosts);

                URI other = URI.create("https://other.test:" + port + "/");
                http.admit(other);
                IOException refused = assertThrows(IOException.class,
                        () -> http.send(HttpRequest.newBuilder(other).timeout(Duration.ofSeconds(5)).build(), 1024));
                assertTrue(refused instanceof SSLException, "a certificate for another name is refused: " + refused);
            }
        } finally {
            server.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A server context with a certificate for {@code name} only, and a client context trusting just that certificate. */
    private static SSLContext[] selfSigned(Path dir, String name) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=dns:" + name, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverSide = SSLContext.getInstance("TLS");
        serverSide.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientSide = SSLContext.getInstance("TLS");
        clientSide.init(null, tmf.getTrustManagers(), null);
        return new SSLContext[] {serverSide, clientSide};
    }
}
