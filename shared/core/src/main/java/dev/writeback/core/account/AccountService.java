package dev.writeback.core.account;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.CustomField;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connecting accounts with fields (username/password, API key, custom fields, none): the
 * connector's authentication script must accept the credentials before anything is stored.
 * OAuth 2.0 accounts connect through the authorization flow instead.
 */
public final class AccountService {
    /** Below API Gateway's 30 s, so a slow script ends in a clear 422 rather than a gateway timeout. */
    static final Duration AUTH_SCRIPT_TIME = Duration.ofSeconds(20);

    private final AccountRepository accounts;
    private final ConnectorService connectors;
    private final SecretVault vault;
    private final ScriptRunner scripts;
    private final Clock clock;
    private final String domoBaseUrl;

    public AccountService(AccountRepository accounts, ConnectorService connectors, SecretVault vault,
                          ScriptRunner scripts, Clock clock, String domoBaseUrl) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.vault = vault;
        this.scripts = scripts;
        this.clock = clock;
        this.domoBaseUrl = domoBaseUrl;
    }

    /** Connects an account with the fields its connector asks for; 422 with the script's message if refused. */
    public Account connect(Caller caller, String connectorId, String name, Map<String, String> fields) {
        Limits.chars("connectorId", connectorId, Limits.NAME_CHARS);
        Limits.chars("An account name", name == null ? null : name.strip(), Limits.NAME_CHARS);
        Limits.map("fields", fields, Limits.FIELDS, Limits.NAME_CHARS, Limits.FIELD_VALUE_CHARS);
        ConnectorVersion connector = connectors.published(caller, connectorId);
        AuthType type = connector.authentication().type();
        if (type == AuthType.OAUTH2) {
            throw new InvalidStateException("Connector " + connectorId
                    + " uses OAuth 2.0; connect the account through its authorization flow (POST /oauth/start).");
        }
        Map<String, String> stored = requiredFields(connector, fields == null ? Map.of() : fields);
        AuthOutcome outcome = authenticate(connector, stored, null);
        if (!outcome.authenticated()) {
            throw new UnprocessableException("The connector's authentication script refused these credentials"
                    + (outcome.message() == null || outcome.message().isBlank() ? "." : ": " + outcome.message()));
        }
        Instant now = clock.instant();
        String id = IdGenerator.next("acc");
        vault.put(Account.secretName(id), AccountCredentials.serialize(stored));
        Account account = new Account(id, caller.companyId(), caller.userId(), connectorId, connector.version(),
                name == null || name.isBlank() ? connector.name() + " account" : name.strip(), type,
                AccountStatus.CONNECTED, null, null, List.of(), now, now, 0);
        return accounts.create(account);
    }

    /** Runs the connector's authentication script on the given credentials. */
    public AuthOutcome authenticate(ConnectorVersion connector, Map<String, String> stored, String oauthClientSecret) {
        String code = connectors.readScript(connector, ScriptKind.AUTH).orElseThrow(() -> new InvalidStateException(
                "Connector " + connector.connectorId() + " has no authentication script."));
        Map<String, Object> metadata = AccountCredentials.metadata(connector, stored, oauthClientSecret);
        ScriptInput input = ScriptInput.builder(Deadline.after(AUTH_SCRIPT_TIME, clock)).account(metadata).baseUrl(domoBaseUrl)
                .redactions(AccountCredentials.secrets(connector, stored, oauthClientSecret)).build();
        return scripts.authenticate(new ScriptSource(ScriptKind.AUTH.fileName(), code), input);
    }

    /** An account the caller owns (others' accounts are not found). */
    public Account get(Caller caller, String accountId) {
        Account a = accounts.get(accountId);
        if (!caller.inCompany(a.companyId()) || !caller.userId().equals(a.ownerUserId())) {
            throw AccountRepository.notFound(accountId);
        }
        return a;
    }

    /** The caller's account, for use with this connector: it must belong to the connector and be CONNECTED. */
    public Account connected(Caller caller, String accountId, String connectorId) {
        Account account = get(caller, accountId);
        if (!account.connectorId().equals(connectorId)) {
            throw new InvalidInputException("Account " + accountId + " belongs to connector " + account.connectorId()
                    + ", not " + connectorId + ".");
        }
        if (account.status() != AccountStatus.CONNECTED) {
            throw new InvalidStateException("Account " + accountId + " is " + account.status() + "; connect it first.");
        }
        return account;
    }

    public Page<Account> list(Caller caller, int limit, String cursor) {
        return accounts.list(caller.companyId(), caller.userId(), Page.limit(limit), cursor);
    }

    public void delete(Caller caller, String accountId) {
        Account a = get(caller, accountId);
        vault.delete(a.secretName());
        accounts.delete(a);
    }

    /** The fields the connector's auth type asks for, each given and none other; 400 naming the missing or unknown ones. */
    public static Map<String, String> requiredFields(ConnectorVersion connector, Map<String, String> given) {
        List<String> names = switch (connector.authentication().type()) {
            case USERNAME_PASSWORD -> List.of("username", "password");
            case API_KEY -> List.of("apikey");
            case CUSTOM -> connector.authentication().fields().stream().map(CustomField::key).toList();
            default -> List.of();
        };
        List<String> missing = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String v = given.get(n);
            if (v == null || v.isEmpty()) {
                missing.add(n);
            } else {
                out.put(n, v);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("The account needs the field(s) " + String.join(", ", missing)
                    + " for " + connector.authentication().type() + " authentication.");
        }
        for (String k : given.keySet()) {
            if (!names.contains(k)) {
                throw new InvalidInputException("Unknown account field '" + k + "'; this connector asks for "
                        + (names.isEmpty() ? "no fields" : String.join(", ", names)) + ".");
            }
        }
        return out;
    }
}
