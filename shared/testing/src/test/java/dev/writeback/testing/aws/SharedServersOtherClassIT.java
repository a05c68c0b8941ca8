package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.writeback.testing.oauth.OAuthServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A second class on the same servers (see {@link SharedServersIT}); whichever runs second checks the first. */
class SharedServersOtherClassIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("shared");
    @RegisterExtension
    static final OAuthServerExtension OAUTH = new OAuthServerExtension(SharedServersIT.REDIRECT);
    @RegisterExtension
    static final OAuthServerExtension OTHER_CONFIGURATION = new OAuthServerExtension("http://127.0.0.1:9/elsewhere");

    @Test
    void theServersAreSharedAndWhatAClassMakesIsItsOwn() {
        SharedServersIT.recordAndCheck(SharedServersOtherClassIT.class, DYNAMO, S3, OAUTH);
    }

    @Test
    void otherRedirectUrisGetAnotherServer() {
        assertNotEquals(OAUTH.issuer(), OTHER_CONFIGURATION.issuer());
    }
}
