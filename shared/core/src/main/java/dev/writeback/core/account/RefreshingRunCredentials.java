package dev.writeback.core.account;

import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.store.StoredItem;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Run credentials with a fresh OAuth access token: refreshed (or, for the client credentials grant,
 * obtained again) when it is within {@code skew} of expiry, or before every run if the connector
 * asks. A rotated refresh token is stored at once. Refreshes of one account are serialised by a
 * lease item ({@code ACCOUNT#id / REFRESH_LEASE}, conditional create, expiring) so concurrent runs
 * never spend a single-use refresh token twice: the others wait and re-read the new token.
 * A refused grant ({@code invalid_grant}, {@code invalid_client}, {@code unauthorized_client})
 * marks the account NEEDS_REAUTH with the reason and fails the run at once, as does a token URL the platform
 * refuses to call (the connector's configuration error); an unavailable
 * provider is retried a bounded number of times within the run's deadline.
 */
public final class RefreshingRunCredentials implements RunCredentials {
    private static final String LEASE_SK = "REFRESH_LEASE";

    private final AccountRepository accounts;
    private final ConnectorService connectors;
    private final SecretVault vault;
    private final DocumentTable table;
    private final OAuthClient oauth;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param skew refresh when the token expires within this much time
     * @param attempts token requests per refresh when the provider is unavailable (at least 1)
     * @param backoff wait before the second attempt, doubled after each further one
     * @param leaseTime how long one refresh may hold the account's lease
     */
    public record Settings(Duration skew, int attempts, Duration backoff, Duration leaseTime) {
        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        /** 60 s skew, 3 attempts from 250 ms backoff, 30 s lease. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), 3, Duration.ofMillis(250), Duration.ofSeconds(30));
        }
    }

    public RefreshingRunCredentials(AccountRepository accounts, ConnectorService connectors, SecretVault vault,
                                    DocumentTable table, OAuthClient oauth, Clock clock, Settings settings) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.vault = vault;
        this.table = table;
        this.oauth = oauth;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public Map<String, String> forRun(Account account, ConnectorVersion connector, Deadline deadline) {
        requireConnected(account);
        Map<String, String> stored = stored(account);
        OAuthSettings oauthSettings = connector.authentication().oauth();
        if (connector.authentication().type() != AuthType.OAUTH2 || oauthSettings == null
                || !needsRefresh(stored, oauthSettings)) {
            return stored;
        }
        return refreshSerialised(account, connector, oauthSettings, deadline);
    }

    private Map<String, String> refreshSerialised(Account account, ConnectorVersion connector, OAuthSettings o,
                                                  Deadline deadline) {
        Map<String, String> before = stored(account);
        while (true) {
            Optional<StoredItem> lease = acquireLease(account.id());
            if (lease.isPresent()) {
                try {
                    Map<String, String> current = stored(account);
                    // Someone else refreshed between our check and our lease: use their token.
                    if (!current.equals(before) && !expiresWithinSkew(current)) {
                        return current;
                    }
                    return refresh(account, connector, o, current, deadline);
                } finally {
                    releaseLease(lease.get());
                }
            }
            waitForLease(account.id(), deadline);
            Account latest = accounts.get(account.id());
            requireConnected(latest);
            Map<String, String> current = stored(latest);
            if (!current.equals(before) && !expiresWithinSkew(current)) {
                return current;
            }
        }
    }

    private Map<String, String> refresh(Account account, ConnectorVersion connector, OAuthSettings o,
                                        Map<String, String> current, Deadline deadline) {
        String refreshToken = current.get(AccountCredentials.REFRESH_TOKEN);
        if (o.grant() == OAuthSettings.Grant.AUTHORIZATION_CODE && refreshToken == null) {
            Instant expiresAt = OAuthCredentials.expiresAt(current);
            if (expiresAt == null || clock.instant().isBefore(expiresAt)) {
                return current; // still usable; nothing to refresh it with
            }
            throw needsReauth(account, "its access token expired and the provider issued no refresh token");
        }
        String secret = connectors.oauthClientSecret(connector).orElseThrow(() -> new InvalidStateException(
                "Connector " + connector.connectorId() + " v" + connector.version()
                        + " has no OAuth client secret; its author must set it again."));
        OAuthTokens tokens = requestWithRetries(account, o, secret, refreshToken, deadline);
        Map<String, String> fresh = OAuthCredentials.toStored(tokens, refreshToken);
        vault.put(account.secretName(), AccountCredentials.serialize(fresh));
        updateAccount(account.id(), a -> a.withToken(tokens.expiresAt(),
                tokens.scopes().isEmpty() ? a.grantedScopes() : tokens.scopes(), clock.instant()));
        return fresh;
    }

    private OAuthTokens requestWithRetries(Account account, OAuthSettings o, String secret, String refreshToken,
                                           Deadline deadline) {
        Duration wait = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return o.grant() == OAuthSettings.Grant.CLIENT_CREDENTIALS ? oauth.clientCredentials(o, secret)
                        : oauth.refresh(o, secret, refreshToken);
            } catch (OAuthException e) {
                if (e.kind() == OAuthException.Kind.BLOCKED) {
                    throw needsReauth(account, "its connector's OAuth setup cannot be used (" + e.getMessage()
                            + " Its author must change it)");
                }
                if (e.kind() == OAuthException.Kind.REVOKED) {
                    throw needsReauth(account, "the provider refused its authorization (" + e.error()
                            + (e.description() == null ? "" : ": " + e.description()) + ")");
                }
                if (!e.transientFailure() || attempt >= settings.attempts()
                        || deadline.remaining().compareTo(wait) <= 0) {
                    throw new UpstreamException("Could not renew the access token of account " + account.id()
                            + " after " + attempt + " attempt(s): " + e.getMessage(), e);
                }
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private InvalidStateException needsReauth(Account account, String reason) {
        updateAccount(account.id(), a -> a.withStatus(AccountStatus.NEEDS_REAUTH, reason, clock.instant()));
        return new InvalidStateException("Account " + account.id() + " must be connected again: " + reason + ".");
    }

    private void updateAccount(String accountId, UnaryOperator<Account> change) {
        try {
            accounts.update(change.apply(accounts.get(accountId)));
        } catch (ConflictException concurrentWrite) {
            accounts.update(change.apply(accounts.get(accountId)));
        }
    }

    private boolean needsRefresh(Map<String, String> stored, OAuthSettings o) {
        return o.refreshEveryRun() || expiresWithinSkew(stored);
    }

    private boolean expiresWithinSkew(Map<String, String> stored) {
        Instant expiresAt = OAuthCredentials.expiresAt(stored);
        return expiresAt != null && !clock.instant().plus(settings.skew()).isBefore(expiresAt);
    }

    private Map<String, String> stored(Account account) {
        return vault.get(account.secretName()).map(AccountCredentials::parse).orElseThrow(() ->
                new InvalidStateException("Account " + account.id() + " has no stored credentials; connect it again."));
    }

    private static void requireConnected(Account account) {
        if (account.status() != AccountStatus.CONNECTED) {
            throw new InvalidStateException("Account " + account.id() + " is " + account.status()
                    + (account.statusReason() == null ? "" : " (" + account.statusReason() + ")")
                    + "; connect it again before running jobs with it.");
        }
    }

    // ---- the per-account refresh lease

    private Optional<StoredItem> acquireLease(String accountId) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.leaseTime());
        StoredItem lease = new StoredItem(leasePk(accountId), LEASE_SK, 0, null, null, until.getEpochSecond(),
                Json.write(Map.of("until", until.toString())));
        try {
            return Optional.of(table.create(lease));
        } catch (ConflictException held) {
            table.get(leasePk(accountId), LEASE_SK).filter(this::expired).ifPresent(this::releaseLease);
            return Optional.empty();
        }
    }

    /** Deletes our lease (or an abandoned one); losing that race to another releaser is fine. */
    private void releaseLease(StoredItem lease) {
        try {
            table.delete(lease.pk(), lease.sk(), lease.revision());
        } catch (NotFoundException | ConflictException alreadyReleasedOrRetaken) {
            // the lease expired and was taken over; the new holder releases its own
        }
    }

    private boolean expired(StoredItem lease) {
        return lease.expiresAt() != null && clock.instant().getEpochSecond() >= lease.expiresAt();
    }

    private void waitForLease(String accountId, Deadline deadline) {
        Duration pause = Duration.ofMillis(50);
        long waitedNanos = 0;
        long maxNanos = settings.leaseTime().toNanos();
        while (table.get(leasePk(accountId), LEASE_SK).filter(l -> !expired(l)).isPresent()) {
            if (waitedNanos >= maxNanos || deadline.remaining().compareTo(pause) <= 0) {
                throw new UpstreamException("The access token of account " + accountId
                        + " is being renewed by another run that has not finished; try again shortly.");
            }
            sleep(pause);
            waitedNanos += pause.toNanos();
            pause = pause.multipliedBy(2).compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500)
                    : pause.multipliedBy(2);
        }
    }

    private static String leasePk(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("Interrupted while waiting to renew an access token.", e);
        }
    }
}
