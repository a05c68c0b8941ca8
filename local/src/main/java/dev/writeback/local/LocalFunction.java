package dev.writeback.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.api.HttpApi;
import dev.writeback.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One of the three functions as the local runtime invokes it: its routes (to know which requests
 * it serves) and its real Lambda handler, called with a Lambda context as the Java runtime would.
 */
public record LocalFunction(String name, HttpApi routes, Invoker invoker) {
    static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** Invokes the handler with a JSON event; returns the handler's JSON result. */
    @FunctionalInterface
    public interface Invoker {
        byte[] invoke(byte[] eventJson);
    }

    public static LocalFunction of(String name, HttpApi routes, RequestStreamHandler handler) {
        return new LocalFunction(name, routes, event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, new LocalLambdaContext(name, TIMEOUT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    public static LocalFunction of(String name, HttpApi routes,
                                   RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return new LocalFunction(name, routes, event -> {
            try {
                APIGatewayV2HTTPEvent e = Json.MAPPER.readValue(event, APIGatewayV2HTTPEvent.class);
                return Json.MAPPER.writeValueAsBytes(handler.handleRequest(e, new LocalLambdaContext(name, TIMEOUT)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public APIGatewayV2HTTPResponse handleHttp(APIGatewayV2HTTPEvent event) {
        try {
            byte[] result = invoker.invoke(Json.MAPPER.writeValueAsBytes(event));
            return Json.MAPPER.readValue(result, APIGatewayV2HTTPResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
