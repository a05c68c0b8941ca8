package dev.writeback.executor;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/** A Lambda invocation context with a given remaining time, as the runtime passes it. */
record TestLambdaContext(long endsAtMillis) implements Context {
    static TestLambdaContext remaining(Duration d) {
        return new TestLambdaContext(System.currentTimeMillis() + d.toMillis());
    }

    @Override public String getAwsRequestId() { return "req-1"; }
    @Override public String getLogGroupName() { return "/aws/lambda/executor"; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return "executor"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:executor"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, endsAtMillis - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return null; }
}
