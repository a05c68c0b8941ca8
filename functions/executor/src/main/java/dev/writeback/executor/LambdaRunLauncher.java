package dev.writeback.executor;

import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunLauncher;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Launches a run by invoking this same function version asynchronously with a run event, so the
 * HTTP request that started it answers at once and the run has the function's full timeout.
 */
final class LambdaRunLauncher implements RunLauncher {
    private final LambdaClient lambda;
    private final String functionName;
    private final String qualifier;

    LambdaRunLauncher(LambdaClient lambda, String functionName, String qualifier) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.qualifier = qualifier;
    }

    /** The running function itself, from the variables Lambda sets. */
    static LambdaRunLauncher forThisFunction(LambdaClient lambda) {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        if (name == null) {
            throw new IllegalStateException("AWS_LAMBDA_FUNCTION_NAME is not set: not running in Lambda?");
        }
        String version = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        return new LambdaRunLauncher(lambda, name, version);
    }

    @Override
    public void launch(Run run) {
        lambda.invoke(b -> b.functionName(functionName).qualifier(qualifier).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArray(ExecutorHandler.runEvent(run.id()))));
    }
}
