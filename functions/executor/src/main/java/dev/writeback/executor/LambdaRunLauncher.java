package dev.writeback.executor;

import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunLauncher;
import dev.writeback.core.testrun.TestRun;
import dev.writeback.core.testrun.TestRunLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Launches a run or a test run by invoking this same function version asynchronously ({@code InvocationType
 * Event}) with a run event, so the HTTP request that started it answers at once and the run has
 * the function's full timeout. The one Lambda API call is signed with SigV4 and sent with the SDK's
 * HTTP client rather than through the Lambda SDK client, which would add 11 MB to a function that
 * has to stay under Lambda's size limit.
 */
final class LambdaRunLauncher implements RunLauncher, TestRunLauncher {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final String functionName;
    private final String qualifier;

    LambdaRunLauncher(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                      String functionName, String qualifier) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.functionName = functionName;
        this.qualifier = qualifier;
    }

    /** The running function itself, from the variables Lambda sets. */
    static LambdaRunLauncher forThisFunction(SdkHttpClient http, AwsCredentialsProvider credentials) {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        String region = System.getenv("AWS_REGION");
        if (name == null || region == null) {
            throw new IllegalStateException("AWS_LAMBDA_FUNCTION_NAME and AWS_REGION are not set: not running in Lambda?");
        }
        String version = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        return new LambdaRunLauncher(http, credentials, region, URI.create("https://lambda." + region + ".amazonaws.com"),
                name, version);
    }

    @Override
    public void launch(Run run) {
        invokeAsync(ExecutorHandler.runEvent(run.id()), "run " + run.id());
    }

    @Override
    public void launch(TestRun testRun) {
        invokeAsync(ExecutorHandler.testRunEvent(testRun.id()), "test run " + testRun.id());
    }

    private void invokeAsync(byte[] body, String what) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/2015-03-31/functions/" + functionName + "/invocations")
                .putRawQueryParameter("Qualifier", qualifier)
                .putHeader("X-Amz-Invocation-Type", "Event")
                .putHeader("Content-Type", "application/json")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda"));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            if (status != 202) {
                String text = "";
                if (response.responseBody().isPresent()) {
                    try (InputStream in = response.responseBody().get()) {
                        text = new String(in.readNBytes(2_000), StandardCharsets.UTF_8);
                    }
                }
                throw new UpstreamException("Lambda did not accept " + what + " for " + functionName + ":" + qualifier
                        + " (HTTP " + status + "): " + text);
            }
            response.responseBody().ifPresent(in -> {
                try (in) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UpstreamException("Lambda could not be reached to start " + what + ": " + e.getMessage(), e);
        }
    }
}
