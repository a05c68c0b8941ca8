package dev.writeback.core.script;

import java.util.List;
import java.util.Map;

/**
 * The one point every request of a script's {@code httprequest} passes through, each redirect hop included: the
 * runner hands it the request and a way to send it. A normal run sends it ({@link #DIRECT}); a test run records
 * the exchange, and in dry mode answers with a canned response instead of sending anything.
 */
public interface HttpTap {

    /** Sends every request as it is. */
    HttpTap DIRECT = (request, network) -> network.send(request);

    /**
     * The response the script gets for {@code request}. Throw {@link Refused} to fail the script with a limit error
     * (e.g. a test run's request budget).
     */
    Response exchange(Request request, Network network);

    /** Sends a request for real: the address guard, then the wire. */
    @FunctionalInterface
    interface Network {
        Response send(Request request);
    }

    /**
     * One request as it is about to be sent.
     *
     * @param headers the headers the script set, in the order sent
     * @param body the body bytes, or null when there is none
     */
    record Request(String method, String url, Map<String, List<String>> headers, byte[] body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** One response: status, headers (names as received) and body bytes. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Response {
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }
    }

    /** A request the tap does not let through; the script stops with a limit error carrying the message. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
