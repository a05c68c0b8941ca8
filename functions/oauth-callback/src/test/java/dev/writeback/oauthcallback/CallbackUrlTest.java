package dev.writeback.oauthcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.api.HttpApiRequest;
import dev.writeback.core.error.InvalidStateException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackUrlTest {
    private static HttpApiRequest through(String apiBaseUrl) {
        return new HttpApiRequest("GET", OAuthApi.CALLBACK, Map.of(), Map.of(), Map.of(), new byte[0], () -> null, apiBaseUrl);
    }

    @Test
    void withoutAConfiguredUrlTheCallbackIsOnTheApiTheRequestCameThrough() {
        CallbackUrl derived = CallbackUrl.configuredOrDerived("");
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/oauth/callback",
                derived.of(through("https://abc123.execute-api.eu-west-1.amazonaws.com")));
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/oauth/callback",
                derived.of(through("https://abc123.execute-api.eu-west-1.amazonaws.com/prod")));
    }

    @Test
    void aConfiguredUrlWinsWhateverDomainTheRequestCameThrough() {
        CallbackUrl configured = CallbackUrl.configuredOrDerived(" https://writeback.example.com/oauth/callback ");
        assertEquals("https://writeback.example.com/oauth/callback",
                configured.of(through("https://abc123.execute-api.eu-west-1.amazonaws.com")));
    }

    @Test
    void aRequestThatNamesNoDomainIsAClearConfigurationError() {
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> CallbackUrl.configuredOrDerived(null).of(through(null)));
        assertEquals("This deployment cannot tell its OAuth callback URL: the request names no API domain. "
                + "Set the template parameter OAuthRedirectUri.", e.getMessage());
    }
}
