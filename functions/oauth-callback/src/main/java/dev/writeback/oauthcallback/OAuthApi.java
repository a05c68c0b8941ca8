package dev.writeback.oauthcallback;

import dev.writeback.api.CallerResolver;
import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpApiRequest;
import dev.writeback.api.HttpReply;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.OAuthConnectService;
import dev.writeback.core.account.OAuthConnectService.Authorization;
import dev.writeback.core.account.OAuthConnectService.Callback;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.UnauthorizedException;
import dev.writeback.core.error.WritebackException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OAuth function's routes. {@code POST /oauth/start} and {@code POST /oauth/client-credentials}
 * are called by signed-in users (JWT authorizer); {@code GET /oauth/callback} is where the
 * provider sends the user's browser back, so it has no authorizer and answers with an HTML page.
 */
public final class OAuthApi {
    public static final String START = "/oauth/start";
    public static final String CLIENT_CREDENTIALS = "/oauth/client-credentials";
    public static final String CALLBACK = "/oauth/callback";
    private static final Logger LOG = Logger.getLogger(OAuthApi.class.getName());

    private OAuthApi() {
    }

    /** Body of both connect routes; {@code accountId} reconnects an existing account of the caller. */
    record Connect(String connectorId, String accountId, String name) {
    }

    public static HttpApi create(OAuthConnectService oauth, CallerResolver callers, CallbackUrl callbackUrl) {
        HttpApi api = new HttpApi(callers);
        api.route("POST", START, r -> {
            Connect body = connectBody(r);
            Authorization a = oauth.start(r.caller(), body.connectorId(), body.accountId(), body.name(),
                    callbackUrl.of(r));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("accountId", a.account().id());
            out.put("authorizationUrl", a.authorizationUrl());
            out.put("account", a.account());
            return HttpReply.ok(out);
        });
        api.route("POST", CLIENT_CREDENTIALS, r -> {
            Connect body = connectBody(r);
            Account a = oauth.connectClientCredentials(r.caller(), body.connectorId(), body.accountId(), body.name());
            return body.accountId() == null ? HttpReply.created("/accounts/" + a.id(), a) : HttpReply.ok(a);
        });
        api.route("GET", CALLBACK, r -> callback(oauth, r, callbackUrl));
        return api;
    }

    private static Connect connectBody(HttpApiRequest r) {
        Connect body = r.json(Connect.class);
        if (body == null || body.connectorId() == null || body.connectorId().isBlank()) {
            throw new InvalidInputException("Connecting an account needs connectorId.");
        }
        return body;
    }

    private static HttpReply callback(OAuthConnectService oauth, HttpApiRequest r, CallbackUrl callbackUrl) {
        Map<String, String> q = r.query();
        try {
            Account a = oauth.complete(new Callback(q.get("state"), q.get("code"), q.get("error"),
                    q.get("error_description")), optionalCaller(r), callbackUrl.of(r));
            return CallbackPage.connected(a);
        } catch (WritebackException e) {
            return CallbackPage.refused(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "OAuth callback failed unexpectedly", e);
            return CallbackPage.refused(500,
                    "Something went wrong on our side; it has been logged. Start connecting the account again.");
        }
    }

    /** The browser's identity when this route knows it (local mode headers); null behind the public callback. */
    private static Caller optionalCaller(HttpApiRequest r) {
        try {
            return r.caller();
        } catch (UnauthorizedException anonymous) {
            return null; // the normal case: the provider's redirect carries no credentials, the state binds the user
        }
    }
}
