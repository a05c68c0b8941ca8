package dev.writeback.writers;

import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.output.KeyTemplate;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.Target;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.store.BlobStore;
import dev.writeback.net.GuardedHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.config.keys.KeyUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The built-in writers over real targets: S3 (multipart, published at the end), HTTP JSON batches and SFTP (temporary
 * file, renamed at the end), in CSV, JSON Lines, JSON or Parquet. Rows stream from the cursor: memory holds one S3 part
 * (or {@code concurrency} + 1 HTTP batches, or one Parquet row group), whatever the number of rows. Thread-safe; close it at shutdown.
 */
public final class StreamingOutputWriters implements OutputWriters, AutoCloseable {
    private static final int DEADLINE_CHECK_ROWS = 4096;

    private final BlobStore blobs;
    private final WritersSettings settings;
    private final SdkHttpClient s3Http;
    private final SdkHttpClient s3EndpointHttp;
    private final GuardedHttpClient http;
    private final HttpBatchWriter batches;
    private SshClient ssh;

    /** @param blobs where rejected rows are stored ({@code runs/<runId>/rejects.jsonl}) */
    public StreamingOutputWriters(BlobStore blobs, WritersSettings settings) {
        this.blobs = blobs;
        this.settings = settings;
        this.s3Http = UrlConnectionHttpClient.create();
        this.http = GuardedHttpClient.create(settings.guard(), settings.httpRequestTimeout());
        // S3-compatible endpoints are named by users: their client connects only to the addresses admitted for them
        this.s3EndpointHttp = Apache5HttpClient.builder().dnsResolver(http.admittedAddresses()).build();
        this.batches = new HttpBatchWriter(http, blobs, settings);
    }

    public static StreamingOutputWriters create(BlobStore blobs) {
        return new StreamingOutputWriters(blobs, WritersSettings.defaults());
    }

    @Override
    public WriteSummary write(WriteSpec spec, RowCursor rows) {
        return switch (spec.target()) {
            case Target.Http t -> {
                admit(http.admit(t.url().getScheme(), t.url().getHost(), port(t.url())), "target.url", port(t.url()));
                yield batches.write(spec, t, rows);
            }
            case Target.S3 t -> s3(spec, t, rows);
            case Target.Sftp t -> {
                AddressGuard.Admitted admitted = admit(settings.guard().admit("sftp", t.host(), t.port()), "target.host", t.port());
                InetSocketAddress address = new InetSocketAddress(admitted.addresses().getFirst(), t.port());
                String path = render(spec, "target.path", t.pathTemplate());
                yield file(spec, rows, "sftp://" + t.host() + ":" + t.port() + "/" + path.replaceFirst("^/", ""),
                        () -> new SftpSink(sshClient(), t, address, path, settings.sftpTimeout()));
            }
        };
    }

    private WriteSummary s3(WriteSpec spec, Target.S3 t, RowCursor rows) {
        if (t.endpoint() != null) {
            admit(http.admit(t.endpoint().getScheme(), t.endpoint().getHost(), port(t.endpoint())), "target.endpoint",
                    port(t.endpoint()));
        }
        String key = render(spec, "target.key", t.keyTemplate());
        AwsCredentials credentials = t.sessionToken() == null ? AwsBasicCredentials.create(t.accessKey(), t.secretKey())
                : AwsSessionCredentials.create(t.accessKey(), t.secretKey(), t.sessionToken());
        S3ClientBuilder b = S3Client.builder().httpClient(t.endpoint() == null ? s3Http : s3EndpointHttp).region(Region.of(t.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials));
        if (t.endpoint() != null) {
            // S3-compatible stores: path-style addressing, checksums only where S3 requires them
            b.endpointOverride(t.endpoint()).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        try (S3Client s3 = b.build()) {
            return file(spec, rows, "s3://" + t.bucket() + "/" + key,
                    () -> new S3Sink(s3, t.bucket(), key, t.overwrite(), settings.s3PartSize()));
        }
    }

    /**
     * Keeps writers away from internal networks (SSRF): the settings' address guard, worded for a target field. The
     * addresses it admits are the ones the writer connects to.
     */
    private static AddressGuard.Admitted admit(AddressGuard.Decision decision, String field, int port) {
        return switch (decision) {
            case AddressGuard.Admitted admitted -> admitted;
            case AddressGuard.Refusal refusal -> throw new InvalidInputException(switch (refusal.reason()) {
                case NOT_HTTP, HTTPS_REQUIRED -> field + " must use https (got http://" + refusal.host() + ":" + port + ")";
                case UNRESOLVED -> field + ": the host " + refusal.host() + " does not resolve";
                case NOT_PUBLIC -> field + ": the host " + refusal.host() + " resolves to a non-public address ("
                        + refusal.address() + ", " + refusal.why() + "); writers only reach public hosts";
            });
        };
    }

    private interface SinkOpener {
        FileSink open();
    }

    /** Encodes every row into a sink and publishes it; on any failure the sink is aborted and nothing is published. */
    private WriteSummary file(WriteSpec spec, RowCursor rows, String location, SinkOpener opener) {
        boolean any = rows.next();
        if (!any && !spec.allowEmpty()) {
            return new WriteSummary(0, 0, location, 0, null, false);
        }
        FileSink sink = opener.open();
        try {
            CountingOutputStream counted = new CountingOutputStream(sink.stream());
            RowEncoder encoder = RowEncoder.open(spec.format(), rows.columns(), counted);
            long n = 0;
            if (any) {
                do {
                    encoder.write(rows.row());
                    if (++n % DEADLINE_CHECK_ROWS == 0 && spec.deadline().passed()) {
                        throw new InvalidStateException("the write to " + sink.location()
                                + " stopped at the run's deadline after " + n + " rows; nothing was published");
                    }
                } while (rows.next());
            }
            encoder.finish();
            sink.publish();
            return new WriteSummary(n, counted.count(), sink.location(), 0, null, true);
        } catch (IOException e) {
            sink.abort();
            throw new UpstreamException("Writing " + sink.location() + " failed: " + e.getMessage()
                    + "; nothing was published", e);
        } catch (UncheckedIOException e) {
            sink.abort();
            throw new UpstreamException("Writing " + sink.location() + " failed: " + e.getCause().getMessage()
                    + "; nothing was published", e);
        } catch (RuntimeException | Error e) {
            sink.abort();
            throw e;
        }
    }

    private static String render(WriteSpec spec, String field, String template) {
        return KeyTemplate.render(field, template, spec.now(), spec.datasetId(), spec.datasetName(), spec.runId());
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private synchronized SshClient sshClient() {
        if (ssh == null) {
            SshClient c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier((session, remote, key) -> {
                String expected = session.getAttribute(SftpSink.FINGERPRINT);
                return expected == null || expected.equals(KeyUtils.getFingerPrint(key));
            });
            c.start();
            ssh = c;
        }
        return ssh;
    }

    @Override
    public synchronized void close() {
        if (ssh != null) {
            ssh.stop();
            ssh = null;
        }
        http.close();
        s3Http.close();
        s3EndpointHttp.close();
    }
}
