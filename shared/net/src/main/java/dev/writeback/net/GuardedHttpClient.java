package dev.writeback.net;

import dev.writeback.core.net.AddressGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP to hosts chosen by connector authors and scripts, connecting only to the addresses the {@link AddressGuard}
 * checked. {@link #admit} resolves a host once and checks every address; {@link #send} then connects to those
 * addresses (the client's name resolution answers from them and from nothing else), while TLS (SNI, the certificate
 * check) and the {@code Host} header keep the host name. The JDK's {@link HttpClient} resolves names itself and has
 * no hook for this, so requests built with {@link HttpRequest} are sent over Apache HttpClient 5, which has one.
 * Redirects are not followed: each hop is the caller's to admit. Thread-safe; close it at shutdown.
 */
public final class GuardedHttpClient implements AutoCloseable {
    private static final int PINNED_TARGETS = 4096;
    /** Sent with {@code Content-Length: 0} when their body is empty, as the JDK's client does. */
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final AddressGuard guard;
    private final Map<String, List<InetAddress>> admitted = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<InetAddress>> eldest) {
            return size() > PINNED_TARGETS;
        }
    };
    private final DnsResolver admittedAddresses = new AdmittedAddresses();
    private final CloseableHttpClient client;

    private GuardedHttpClient(AddressGuard guard, Duration connectTimeout, SSLContext tls) {
        this.guard = guard;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(admittedAddresses)
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout)).build())
                        .setMaxConnTotal(64).setMaxConnPerRoute(32)
                        .build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableContentCompression().disableAuthCaching()
                .build();
    }

    /** Trusting the JVM's certificate authorities. */
    public static GuardedHttpClient create(AddressGuard guard, Duration connectTimeout) {
        return new GuardedHttpClient(guard, connectTimeout, SSLContexts.createSystemDefault());
    }

    /** Trusting what {@code tls} trusts (tests with their own certificate authority). */
    public static GuardedHttpClient create(AddressGuard guard, Duration connectTimeout, SSLContext tls) {
        return new GuardedHttpClient(guard, connectTimeout, tls);
    }

    public AddressGuard guard() {
        return guard;
    }

    /**
     * Checks a request to {@code uri} with the guard, resolving its host once. When admitted, requests to its host and
     * port connect to the admitted addresses until another admission of that host and port replaces them.
     */
    public AddressGuard.Decision admit(URI uri) {
        return pin(guard.admit(uri));
    }

    /** {@link #admit(URI)} for {@code host:port} over {@code scheme}. */
    public AddressGuard.Decision admit(String scheme, String host, int port) {
        return pin(guard.admit(scheme, host, port));
    }

    /**
     * The name resolution of this client, for another Apache HttpClient 5 (the S3 client of a custom endpoint): the
     * addresses admitted here for a host and port, and nothing else.
     */
    public DnsResolver admittedAddresses() {
        return admittedAddresses;
    }

    private AddressGuard.Decision pin(AddressGuard.Decision decision) {
        if (decision instanceof AddressGuard.Admitted a) {
            synchronized (admitted) {
                admitted.put(key(a.host(), a.port()), a.addresses());
            }
        }
        return decision;
    }

    /**
     * Sends {@code request} (admitted first with {@link #admit}) and reads at most {@code maxBodyBytes} of the answer.
     * The request's timeout bounds the whole exchange.
     *
     * @throws HttpConnectTimeoutException when no connection was made within the connect timeout
     * @throws HttpTimeoutException when the exchange took longer than the request's timeout
     * @throws java.net.ConnectException when the connection was refused
     * @throws ResponseTooLargeException when the body is longer than {@code maxBodyBytes}
     * @throws UnknownHostException when the request's host and port were not admitted
     */
    public HttpResponse<byte[]> send(HttpRequest request, long maxBodyBytes) throws IOException, InterruptedException {
        Duration timeout = request.timeout().orElse(Duration.ofSeconds(60));
        HttpUriRequestBase outbound = new HttpUriRequestBase(request.method(), request.uri());
        outbound.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        request.headers().map().forEach((name, values) -> values.forEach(v -> outbound.addHeader(name, v)));
        byte[] body = bodyOf(request);
        if (body != null && (body.length > 0 || METHODS_WITH_BODY.contains(request.method()))) {
            outbound.setEntity(new ByteArrayEntity(body, null));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = CompletableFuture.supplyAsync(() -> {
            try {
                return client.execute(outbound, response -> {
                    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    for (Header h : response.getHeaders()) {
                        headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
                    }
                    return new Answer(response.getCode(), HttpHeaders.of(headers, (a, b) -> true),
                            read(response.getEntity(), maxBodyBytes), request);
                });
            } catch (IOException e) {
                throw new Failed(e);
            }
        }, command -> Thread.ofVirtual().name("guarded-http").start(command));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outbound.cancel();
            throw new HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            outbound.cancel();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Failed f) {
                IOException cause = f.getCause();
                if (cause instanceof ConnectTimeoutException) {
                    throw new HttpConnectTimeoutException("HTTP connect timed out");
                }
                if (cause instanceof SocketTimeoutException) {
                    throw new HttpTimeoutException("request timed out");
                }
                throw cause;
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** The body was longer than the caller's limit. */
    public static final class ResponseTooLargeException extends IOException {
        public ResponseTooLargeException(long max) {
            super("the response body is larger than " + max + " bytes");
        }
    }

    private static final class Failed extends RuntimeException {
        Failed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static byte[] read(HttpEntity entity, long max) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > max) {
                    throw new ResponseTooLargeException(max);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The bytes of a request's body publisher, or null when it has none. */
    private static byte[] bodyOf(HttpRequest request) throws IOException {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null) {
            return null;
        }
        if (publisher.contentLength() == 0) {
            return new byte[0];
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw new IOException("the request body could not be read", e.getCause());
        }
    }

    private static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
    }

    /** The client's name resolution: the addresses admitted for a host and port, never a new lookup. */
    private final class AdmittedAddresses implements DnsResolver {
        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetAddress> addresses;
            synchronized (admitted) {
                addresses = admitted.get(key(host, port));
            }
            if (addresses == null) {
                throw new UnknownHostException(host + ":" + port + " was not admitted by the address guard");
            }
            return addresses.stream().map(a -> new InetSocketAddress(a, port)).toList();
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " is only reached through the addresses admitted for its port");
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** The answer, as the JDK's client would give it. */
    private record Answer(int statusCode, HttpHeaders headers, byte[] body, HttpRequest request)
            implements HttpResponse<byte[]> {
        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
