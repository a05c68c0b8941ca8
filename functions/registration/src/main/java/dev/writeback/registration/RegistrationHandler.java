package dev.writeback.registration;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.api.HttpApi;
import dev.writeback.lambda.FunctionLogging;

/** Lambda entry point of the registration HTTP API: parse, route to one use case, map the result. */
public final class RegistrationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpApi api;

    /** Used by Lambda: wires AWS adapters from the environment, once per container. */
    public RegistrationHandler() {
        this(RegistrationWiring.fromEnvironment());
    }

    public RegistrationHandler(RegistrationWiring wiring) {
        this.api = RegistrationApi.create(wiring);
    }

    /** The routes this function serves. */
    public HttpApi api() {
        return api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (FunctionLogging.Scope invocation = FunctionLogging.invocation(context)) {
            return api.handle(event);
        }
    }
}
