package dev.writeback.core.account;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.OAuthStateRepository.OAuthState;
import dev.writeback.core.account.OAuthStateRepository.Pending;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorRepository;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.store.SecretVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Connecting OAuth 2.0 accounts. Authorization code: {@link #start} creates (or reuses) the
 * account, stores a random single-use {@code state} bound to account, user and connector version,
 * and returns the provider's authorization URL; {@link #complete} takes the provider's redirect,
 * consumes the state, exchanges the code, runs the connector's authentication script with the new
 * access token and only then stores the tokens and marks the account CONNECTED. Client
 * credentials: {@link #connectClientCredentials} does the same without a browser.
 */
public final class OAuthConnectService {
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final ConnectorService connectors;
    private final ConnectorRepository connectorVersions;
    private final OAuthStateRepository states;
    private final SecretVault vault;
    private final OAuthClient oauth;
    private final AddressGuard guard;
    private final Clock clock;
    private final Duration stateLifetime;

    public OAuthConnectService(AccountRepository accounts, AccountService accountService, ConnectorService connectors,
                               ConnectorRepository connectorVersions, OAuthStateRepository states, SecretVault vault,
                               OAuthClient oauth, AddressGuard guard, Clock clock, Duration stateLifetime) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.connectors = connectors;
        this.connectorVersions = connectorVersions;
        this.states = states;
        this.vault = vault;
        this.oauth = oauth;
        this.guard = guard;
        this.clock = clock;
        this.stateLifetime = stateLifetime;
    }

    /** The account being connected and where to send the user's browser. */
    public record Authorization(Account account, String authorizationUrl) {
    }

    /** What the provider's redirect carried (any of them may be absent). */
    public record Callback(String state, String code, String error, String errorDescription) {
    }

    /**
     * Starts the authorization-code flow for a new account, or to reconnect {@code accountId}
     * (an account of the caller for the same connector; it keeps its status until the callback succeeds).
     * {@code redirectUri} is this deployment's callback URL as the provider must send the browser back to it.
     */
    /** The sizes of what a caller sends ({@link Limits}), before anything is read or stored. */
    private static void checkLimits(String connectorId, String accountId, String name) {
        Limits.chars("connectorId", connectorId, Limits.NAME_CHARS);
        Limits.chars("accountId", accountId, Limits.NAME_CHARS);
        Limits.chars("An account name", name == null ? null : name.strip(), Limits.NAME_CHARS);
    }

    public Authorization start(Caller caller, String connectorId, String accountId, String name, String redirectUri) {
        checkLimits(connectorId, accountId, name);
        ConnectorVersion connector = oauthConnector(caller, connectorId, OAuthSettings.Grant.AUTHORIZATION_CODE);
        requireCallable(connector, "authorizationUrl", connector.authentication().oauth().authorizationUrl());
        Account account = accountId == null ? accounts.create(newAccount(caller, connector, name))
                : reconnectable(caller, accountId, connectorId);
        String state = newState();
        OAuthClient.AuthorizationRequest request = oauth.authorization(connector.authentication().oauth(), redirectUri,
                state);
        Instant now = clock.instant();
        states.save(state, new OAuthState(account.id(), caller.companyId(), caller.userId(), connectorId,
                connector.version(), request.codeVerifier(), now, now.plus(stateLifetime)));
        return new Authorization(account, request.url());
    }

    /**
     * Completes the flow from the provider's redirect. {@code caller} is the browser's identity when
     * the callback route knows it, else null (the state alone binds the callback to its user).
     * Refuses forged, replayed, expired and other users' states before anything is stored.
     * {@code redirectUri} is the callback URL the redirect arrived at (the code is bound to it).
     */
    public Account complete(Callback callback, Caller caller, String redirectUri) {
        Pending pending = states.find(callback.state()).orElseThrow(() -> new InvalidInputException(
                "This authorization link is not valid or was already used. Start connecting the account again."));
        OAuthState state = pending.state();
        if (caller != null && !(caller.inCompany(state.companyId()) && caller.userId().equals(state.userId()))) {
            throw new ForbiddenException("This authorization was started by another user; "
                    + "start connecting the account again from your own session.");
        }
        if (!states.consume(pending)) {
            throw new InvalidInputException(
                    "This authorization link is not valid or was already used. Start connecting the account again.");
        }
        if (state.expiredAt(clock.instant())) {
            throw new InvalidInputException("This authorization took longer than " + stateLifetime.toMinutes()
                    + " minutes and expired. Start connecting the account again.");
        }
        if (callback.error() != null) {
            throw OAuthException.refused(callback.error(), callback.errorDescription());
        }
        if (callback.code() == null || callback.code().isBlank()) {
            throw new InvalidInputException("The provider's redirect carries no authorization code.");
        }
        Account account = accounts.find(state.accountId()).orElseThrow(() -> new InvalidStateException(
                "The account " + state.accountId() + " was deleted while it was being connected."));
        if (!account.companyId().equals(state.companyId()) || !account.ownerUserId().equals(state.userId())) {
            throw new ForbiddenException("This authorization does not belong to the account's owner.");
        }
        ConnectorVersion connector = connectorVersions.getVersion(state.connectorId(), state.connectorVersion());
        OAuthSettings settings = connector.authentication().oauth();
        String secret = clientSecret(connector);
        OAuthTokens tokens = unlessBlocked(account, connector,
                () -> oauth.exchangeCode(settings, secret, redirectUri, callback.code(), state.codeVerifier()));
        return accept(account, connector, tokens, secret);
    }

    /** Connects (or reconnects {@code accountId}) with the client credentials grant: no browser. */
    public Account connectClientCredentials(Caller caller, String connectorId, String accountId, String name) {
        checkLimits(connectorId, accountId, name);
        ConnectorVersion connector = oauthConnector(caller, connectorId, OAuthSettings.Grant.CLIENT_CREDENTIALS);
        Account existing = accountId == null ? null : reconnectable(caller, accountId, connectorId);
        String secret = clientSecret(connector);
        OAuthTokens tokens = unlessBlocked(existing, connector,
                () -> oauth.clientCredentials(connector.authentication().oauth(), secret));
        Account account = existing != null ? existing : newAccount(caller, connector, name);
        AuthOutcome outcome = accountService.authenticate(connector, OAuthCredentials.toStored(tokens, null), secret);
        refuseUnlessAuthenticated(outcome);
        Instant now = clock.instant();
        Account connected = connected(account, connector, tokens, now);
        if (existing == null) {
            vault.put(Account.secretName(connected.id()), AccountCredentials.serialize(
                    OAuthCredentials.toStored(tokens, null)));
            return accounts.create(connected);
        }
        vault.put(existing.secretName(), AccountCredentials.serialize(OAuthCredentials.toStored(tokens, null)));
        return updateWithRetry(existing.id(), a -> connected(a, connector, tokens, now));
    }

    private Account accept(Account account, ConnectorVersion connector, OAuthTokens tokens, String secret) {
        Map<String, String> stored = OAuthCredentials.toStored(tokens, null);
        refuseUnlessAuthenticated(accountService.authenticate(connector, stored, secret));
        vault.put(account.secretName(), AccountCredentials.serialize(stored));
        Instant now = clock.instant();
        return updateWithRetry(account.id(), a -> connected(a, connector, tokens, now));
    }

    /**
     * Connectors saved before their OAuth URLs were checked on save may still name one that can never be used:
     * the browser is not sent there.
     */
    private void requireCallable(ConnectorVersion connector, String field, String url) {
        try {
            ConnectorService.requireCallableOAuthUrl(field, url, guard);
        } catch (InvalidInputException e) {
            throw new InvalidStateException("Connector " + connector.connectorId() + " v" + connector.version()
                    + " cannot connect accounts: " + e.getMessage() + " Its author must change its authentication.");
        }
    }

    /**
     * A token request the platform refused to send (the token URL is not a public https endpoint) is the
     * connector's configuration error: the account, if there is one, needs connecting again once it is fixed.
     */
    private OAuthTokens unlessBlocked(Account account, ConnectorVersion connector, Supplier<OAuthTokens> request) {
        try {
            return request.get();
        } catch (OAuthException e) {
            if (e.kind() != OAuthException.Kind.BLOCKED) {
                throw e;
            }
            String reason = "connector " + connector.connectorId() + " v" + connector.version()
                    + " cannot get tokens: " + e.getMessage();
            if (account != null) {
                updateWithRetry(account.id(), a -> a.withStatus(AccountStatus.NEEDS_REAUTH, reason, clock.instant()));
            }
            throw new InvalidStateException("The account cannot be connected: " + reason
                    + " Its author must change its authentication.", e);
        }
    }

    private static void refuseUnlessAuthenticated(AuthOutcome outcome) {
        if (!outcome.authenticated()) {
            throw new UnprocessableException("The connector's authentication script did not accept the account: "
                    + outcome.message());
        }
    }

    private static Account connected(Account a, ConnectorVersion connector, OAuthTokens tokens, Instant now) {
        return new Account(a.id(), a.companyId(), a.ownerUserId(), a.connectorId(), connector.version(), a.name(),
                AuthType.OAUTH2, AccountStatus.CONNECTED, null, tokens.expiresAt(), tokens.scopes(), a.createdAt(), now,
                a.revision());
    }

    /** Applies a change to the account as currently stored, re-reading once if a concurrent write won. */
    private Account updateWithRetry(String accountId, UnaryOperator<Account> change) {
        try {
            return accounts.update(change.apply(accounts.get(accountId)));
        } catch (ConflictException concurrentWrite) {
            return accounts.update(change.apply(accounts.get(accountId)));
        }
    }

    private ConnectorVersion oauthConnector(Caller caller, String connectorId, OAuthSettings.Grant grant) {
        if (connectorId == null || connectorId.isBlank()) {
            throw new InvalidInputException("Connecting an account needs connectorId.");
        }
        ConnectorVersion connector = connectors.connectable(caller, connectorId);
        OAuthSettings settings = connector.authentication().oauth();
        if (connector.authentication().type() != AuthType.OAUTH2 || settings == null) {
            throw new InvalidStateException("Connector " + connectorId + " does not use OAuth 2.0; connect its accounts "
                    + "with POST /accounts.");
        }
        if (settings.grant() != grant) {
            throw new InvalidStateException("Connector " + connectorId + " uses the " + settings.grant()
                    + " grant; use " + (settings.grant() == OAuthSettings.Grant.CLIENT_CREDENTIALS
                    ? "POST /oauth/client-credentials" : "POST /oauth/start") + " to connect its accounts.");
        }
        return connector;
    }

    private Account reconnectable(Caller caller, String accountId, String connectorId) {
        Account account = accountService.get(caller, accountId);
        if (!account.connectorId().equals(connectorId)) {
            throw new InvalidInputException("Account " + accountId + " belongs to connector " + account.connectorId()
                    + ", not " + connectorId + ".");
        }
        return account;
    }

    private Account newAccount(Caller caller, ConnectorVersion connector, String name) {
        Instant now = clock.instant();
        return new Account(IdGenerator.next("acc"), caller.companyId(), caller.userId(), connector.connectorId(),
                connector.version(), name == null || name.isBlank() ? connector.name() + " account" : name.strip(),
                AuthType.OAUTH2, AccountStatus.PENDING, null, null, null, now, now, 0);
    }

    private String clientSecret(ConnectorVersion connector) {
        Optional<String> secret = connectors.oauthClientSecret(connector);
        return secret.orElseThrow(() -> new InvalidStateException("Connector " + connector.connectorId() + " v"
                + connector.version() + " has no OAuth client secret; its author must set it again."));
    }

    /** 256 random bits, URL-safe. */
    private static String newState() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
