package dev.writeback.registration;

import dev.writeback.api.CallerResolver;
import dev.writeback.api.HttpApi;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.job.JobService;

/** The registration function's routes: connectors, accounts with fields, jobs, and the studio's pages. */
public final class RegistrationApi {
    private RegistrationApi() {
    }

    public static HttpApi create(ConnectorService connectors, AccountService accounts, JobService jobs,
                                 CallerResolver callers, StudioSignIn studioSignIn) {
        HttpApi api = new HttpApi(callers);
        new ConnectorRoutes(connectors).register(api);
        new AccountRoutes(accounts).register(api);
        new JobRoutes(jobs).register(api);
        new StudioRoutes(StudioAssets.fromClasspath(), studioSignIn).register(api);
        return api;
    }
}
