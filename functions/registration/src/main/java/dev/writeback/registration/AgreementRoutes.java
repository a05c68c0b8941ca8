package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.agreement.AgreementService;

/** The user agreement authors read and accept before creating connectors. */
final class AgreementRoutes {
    private final AgreementService agreements;

    AgreementRoutes(AgreementService agreements) {
        this.agreements = agreements;
    }

    record AcceptRequest(String version) {
    }

    void register(HttpApi api) {
        api.route("GET", "/user-agreement", r -> HttpReply.ok(agreements.current(r.caller())))
                .route("POST", "/user-agreement/acceptance", r -> HttpReply.created("/user-agreement",
                        agreements.accept(r.caller(), r.json(AcceptRequest.class).version())));
    }
}
