package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.error.InvalidInputException;
import java.util.Map;

/** Connecting accounts with fields (the OAuth 2.0 flow has its own function). */
final class AccountRoutes {
    private final AccountService accounts;

    AccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    record ConnectAccount(String connectorId, String name, Map<String, String> fields) {
    }

    void register(HttpApi api) {
        api.route("POST", "/accounts", r -> {
                    ConnectAccount body = r.json(ConnectAccount.class);
                    if (body.connectorId() == null) {
                        throw new InvalidInputException("An account needs connectorId.");
                    }
                    Account a = accounts.connect(r.caller(), body.connectorId(), body.name(), body.fields());
                    return HttpReply.created("/accounts/" + a.id(), a);
                })
                .route("GET", "/accounts", r -> HttpReply.ok(accounts.list(r.caller(), r.intQuery("limit", 25),
                        r.query().get("cursor"))))
                .route("GET", "/accounts/{id}", r -> HttpReply.ok(accounts.get(r.caller(), r.pathParameter("id"))))
                .route("DELETE", "/accounts/{id}", r -> {
                    accounts.delete(r.caller(), r.pathParameter("id"));
                    return HttpReply.noContent();
                });
    }
}
