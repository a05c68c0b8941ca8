package dev.writeback.registration;

import dev.writeback.api.HttpApi;

/** The registration function's routes: the user agreement, connectors, the script API, accounts with fields, jobs, and the studio's pages. */
public final class RegistrationApi {
    private RegistrationApi() {
    }

    public static HttpApi create(RegistrationWiring wiring) {
        HttpApi api = new HttpApi(wiring.callers());
        new AgreementRoutes(wiring.agreements()).register(api);
        new ConnectorRoutes(wiring.connectors(), wiring.submitForReview(), wiring.versionListings()).register(api);
        new ScriptApiRoutes().register(api);
        new AccountRoutes(wiring.accounts()).register(api);
        new JobRoutes(wiring.jobs()).register(api);
        new StudioRoutes(StudioAssets.fromClasspath(), wiring.studioSignIn()).register(api);
        return api;
    }
}
