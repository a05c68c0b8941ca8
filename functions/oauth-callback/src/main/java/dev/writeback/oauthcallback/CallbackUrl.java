package dev.writeback.oauthcallback;

import dev.writeback.api.HttpApiRequest;
import dev.writeback.core.error.InvalidStateException;

/**
 * This deployment's OAuth callback URL, the {@code redirect_uri} sent to providers. Configured when
 * the API sits behind a custom domain; otherwise derived from the API domain and stage the request
 * came through, so the template need not name the API in the function it routes to.
 */
public record CallbackUrl(String configured) {

    public static CallbackUrl fixed(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A fixed OAuth callback URL is needed.");
        }
        return new CallbackUrl(url);
    }

    /** {@code configured} when it is set (not blank), else derived from each request. */
    public static CallbackUrl configuredOrDerived(String configured) {
        return new CallbackUrl(configured == null || configured.isBlank() ? null : configured.strip());
    }

    String of(HttpApiRequest request) {
        if (configured != null) {
            return configured;
        }
        if (request.apiBaseUrl() == null) {
            throw new InvalidStateException("This deployment cannot tell its OAuth callback URL: the request names no "
                    + "API domain. Set the template parameter OAuthRedirectUri.");
        }
        return request.apiBaseUrl() + OAuthApi.CALLBACK;
    }
}
