package dev.writeback.core.discovery;

import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptFailedException;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Lists the choices of a DISCOVERY parameter while a user fills in a job: the connector's discovery script runs
 * with the user's account (fresh OAuth token included) and the values of the other parameters filled so far,
 * and returns options (dropdown) or a tree.
 */
public final class DiscoveryService {
    /** Below API Gateway's 30 s, so a slow script ends in a clear 422 rather than a gateway timeout. */
    static final Duration SCRIPT_TIME = Duration.ofSeconds(20);

    private final ConnectorService connectors;
    private final AccountService accounts;
    private final RunCredentials credentials;
    private final ScriptRunner scripts;
    private final Clock clock;
    private final String domoBaseUrl;

    public DiscoveryService(ConnectorService connectors, AccountService accounts, RunCredentials credentials,
                            ScriptRunner scripts, Clock clock, String domoBaseUrl) {
        this.connectors = connectors;
        this.accounts = accounts;
        this.credentials = credentials;
        this.scripts = scripts;
        this.clock = clock;
        this.domoBaseUrl = domoBaseUrl;
    }

    /**
     * The choices of one parameter: {@code options} for a dropdown, {@code tree} for a tree, the other one null.
     * {@code log} is what the script logged (secrets redacted), for the connector's author.
     */
    public record Choices(String parameter, Parameter.DiscoveryMode mode, List<DiscoveryOutcome.Option> options,
                          DiscoveryOutcome.Node tree, List<String> log) {
    }

    /**
     * Runs the published connector's discovery script for {@code parameterName} with the caller's account.
     *
     * @param filled the values of the job's other parameters chosen so far ({@code metadata.parameters})
     */
    public Choices discover(Caller caller, String connectorId, String parameterName, String accountId,
                            Map<String, String> filled) {
        Limits.chars("connectorId", connectorId, Limits.NAME_CHARS);
        Limits.chars("A parameter name", parameterName, Limits.NAME_CHARS);
        Limits.chars("accountId", accountId, Limits.NAME_CHARS);
        Limits.map("parameters", filled, Limits.PARAMETERS, Limits.NAME_CHARS, Limits.PARAMETER_VALUE_CHARS);
        if (accountId == null || accountId.isBlank()) {
            throw new InvalidInputException("Discovery runs with one of your accounts of the connector: give accountId.");
        }
        ConnectorVersion connector = connectors.published(caller, connectorId);
        Parameter parameter = connector.parameters().stream().filter(p -> p.name().equals(parameterName)).findFirst()
                .orElseThrow(() -> new NotFoundException("Connector " + connectorId + " has no parameter '" + parameterName + "'."));
        if (parameter.type() != Parameter.Type.DISCOVERY) {
            throw new InvalidInputException("Parameter '" + parameterName + "' is " + parameter.type()
                    + "; only DISCOVERY parameters list their choices with the discovery script.");
        }
        Map<String, String> values = filled == null ? Map.of() : filled;
        for (String name : values.keySet()) {
            if (connector.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw new InvalidInputException(name + " is not a parameter of connector " + connectorId + ".");
            }
        }
        Account account = accounts.connected(caller, accountId, connectorId);
        String code = connectors.readScript(connector, ScriptKind.DISCOVERY).orElseThrow(() -> new InvalidStateException(
                "Connector " + connectorId + " v" + connector.version() + " has no discovery script."));
        Deadline deadline = Deadline.after(SCRIPT_TIME, clock);
        Map<String, String> stored = credentials.forRun(account, connector, deadline);
        String oauthSecret = connector.authentication().type() == AuthType.OAUTH2
                ? connectors.oauthClientSecret(connector).orElse(null) : null;
        ScriptInput input = ScriptInput.builder(deadline).account(AccountCredentials.metadata(connector, stored, oauthSecret))
                .parameters(Map.copyOf(values)).baseUrl(domoBaseUrl)
                .redactions(AccountCredentials.secrets(connector, stored, oauthSecret)).build();
        boolean tree = parameter.multiValued();
        DiscoveryOutcome outcome = scripts.discover(new ScriptSource(ScriptKind.DISCOVERY.fileName(), code), input,
                new DiscoveryRequest(parameterName, tree));
        if (outcome.error() != null) {
            throw new ScriptFailedException("The connector's discovery script failed for parameter '" + parameterName
                    + "': " + outcome.error().describe(), outcome.error());
        }
        if (tree) {
            if (outcome.tree() == null) {
                throw wrongKind("Parameter '" + parameterName + "' is a tree, but the discovery script did "
                        + "not publish one: add nodes under discovery.tree, then call discovery.publishTree().");
            }
            return new Choices(parameterName, parameter.discovery(), null, outcome.tree(), outcome.log());
        }
        if (outcome.options().isEmpty() && outcome.tree() != null) {
            throw wrongKind("Parameter '" + parameterName + "' is a dropdown, but the discovery script "
                    + "built a tree: list its choices with discovery.addOption(name, value).");
        }
        return new Choices(parameterName, parameter.discovery(), outcome.options(), null, outcome.log());
    }

    /** The script ran to its end but built the other kind of choices: no line to point at. */
    private static ScriptFailedException wrongKind(String message) {
        return new ScriptFailedException(message, new ScriptError(ScriptError.Kind.RUNTIME, message,
                ScriptKind.DISCOVERY.fileName(), 0, 0, null));
    }
}
