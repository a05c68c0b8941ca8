package dev.writeback.core.testing;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Services;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.agreement.UserAgreement;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.CustomField;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.job.JobService;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The use cases wired over in-memory ports, as {@link Services} wires them in a function, with
 * the people of the tests: Alice and Bob of Acme, Gus of Globex, and Rita, Acme's reviewer. The authors Alice and
 * Gus have accepted the user agreement.
 */
public final class TestWorld {
    public static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    public static final Caller ALICE = new Caller("acme", "alice", Set.of(Role.AUTHOR));
    public static final Caller BOB = new Caller("acme", "bob", Set.of());
    public static final Caller GUS = new Caller("globex", "gus", Set.of(Role.AUTHOR));
    public static final Caller RITA = new Caller("acme", "rita", Set.of(Role.REVIEWER));
    public static final String AUTH_JS = "if (metadata.account.apikey) { auth.authenticationSuccess(); } else { auth.authenticationFailed('no key'); }";
    public static final String DISCOVERY_JS = "discovery.addOption('EU'); discovery.addOption('US');";
    public static final String PROCESS_JS = "var data = DOMO.getDataset(metadata.parameters.datasetId).queryData('select * from tbl');";

    public final InMemoryDocumentTable table = new InMemoryDocumentTable();
    public final InMemoryBlobStore blobs = new InMemoryBlobStore();
    public final InMemoryVault vault = new InMemoryVault();
    public final FakeScriptRunner scripts = new FakeScriptRunner();
    public final FakeDomoVerifier domo = new FakeDomoVerifier();
    public final InMemoryDataPlaneFactory dataPlanes = new InMemoryDataPlaneFactory();
    public final RecordingJobScheduler scheduler = new RecordingJobScheduler();
    public final FakeDatasetAccess datasets = new FakeDatasetAccess();
    public final MutableClock clock = new MutableClock(START);
    public final Services services;

    public TestWorld() {
        this(b -> b);
    }

    /** A world whose services get more ports (run events, alert channels) from {@code more}. */
    public TestWorld(UnaryOperator<Services.Builder> more) {
        services = more.apply(Services.builder().table(table).blobs(blobs).vault(vault).scripts(scripts)
                .domoVerifier(domo).dataPlanes(dataPlanes).scheduler(scheduler).retryScheduler(scheduler).datasetAccess(datasets).clock(clock)
                .cancelPollInterval(Duration.ofMillis(20))
                .runLauncher(services -> run -> services.runs().execute(run.id(),
                        Deadline.after(Duration.ofMinutes(10), clock)))
                .domoBaseUrl("https://acme.domo.com")).build();
        acceptAgreement(ALICE);
        acceptAgreement(GUS);
    }

    /** The author accepts the current user agreement, as every author must before creating connectors. */
    public void acceptAgreement(Caller author) {
        services.agreements().accept(author, UserAgreement.CURRENT_VERSION);
    }

    public static Authentication apiKeyAuth() {
        return new Authentication(AuthType.API_KEY, null, List.of(), false);
    }

    public static Authentication customAuth() {
        return new Authentication(AuthType.CUSTOM, null,
                List.of(new CustomField("tenant", "Tenant", false), new CustomField("token", "Token", true)), false);
    }

    public static OAuthSettings oauth() {
        return new OAuthSettings(OAuthSettings.Grant.AUTHORIZATION_CODE, "https://auth.example.com/authorize",
                "https://auth.example.com/token", null, "client-1", List.of("read", "write"), Map.of(), Map.of(),
                OAuthSettings.ClientAuth.BASIC, true, false);
    }

    /**
     * A draft with everything submit asks for: Domo client, auth type, its scripts (discovery too if a parameter needs
     * it); its author accepts the user agreement first.
     */
    public ConnectorVersion completeDraft(Caller author, String name, Authentication auth, List<String> reports,
                                          List<Parameter> parameters) {
        var connectors = services.connectors();
        acceptAgreement(author);
        String id = connectors.create(author, name, "Writes rows back").connectorId();
        connectors.update(author, id, null, null, null, reports, parameters);
        connectors.setDomoClient(author, id, "domo-key", "domo-secret");
        connectors.setAuthentication(author, id, auth, auth.type() == AuthType.OAUTH2 ? "oauth-secret" : null);
        connectors.putScript(author, id, ScriptKind.AUTH, AUTH_JS);
        if (parameters.stream().anyMatch(p -> p.type() == Parameter.Type.DISCOVERY)) {
            connectors.putScript(author, id, ScriptKind.DISCOVERY, DISCOVERY_JS);
        }
        return connectors.putScript(author, id, ScriptKind.PROCESS, PROCESS_JS);
    }

    /** A connector of Alice's published by Rita. */
    public ConnectorVersion published(Authentication auth, List<String> reports, List<Parameter> parameters,
                                      Visibility visibility) {
        String id = completeDraft(ALICE, "Acme CRM", auth, reports, parameters).connectorId();
        submit(ALICE, id, visibility);
        return services.connectors().approve(RITA, id);
    }

    /**
     * Submits the author's latest version with the test credentials it needs: for OAuth 2.0 a test account of the
     * author (as the authorization flow leaves one on the draft), for DISCOVERY parameters the fields of its auth type.
     */
    public ConnectorVersion submit(Caller author, String connectorId, Visibility visibility) {
        ConnectorVersion latest = services.connectors().ownCompanyVersion(author, connectorId, null);
        if (!ConnectorService.needsTestCredentials(latest)) {
            return services.connectors().submit(author, connectorId, visibility);
        }
        if (latest.authentication().type() == AuthType.OAUTH2) {
            return services.submitForReview().submit(author, connectorId, visibility,
                    oauthTestAccount(author, latest).id(), null);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        switch (latest.authentication().type()) {
            case API_KEY -> fields.put("apikey", "key-123");
            case USERNAME_PASSWORD -> fields.putAll(Map.of("username", "tester", "password", "pw-123"));
            default -> latest.authentication().fields().forEach(f -> fields.put(f.key(), "test-" + f.key()));
        }
        return services.submitForReview().submit(author, connectorId, visibility, null, fields);
    }

    /** An OAuth 2.0 account of the caller on this version, with tokens in the vault, as a finished callback leaves it. */
    public Account oauthTestAccount(Caller caller, ConnectorVersion connector) {
        String id = IdGenerator.next("acc");
        vault.put(Account.secretName(id), AccountCredentials.serialize(Map.of(AccountCredentials.ACCESS_TOKEN, "at-test",
                AccountCredentials.REFRESH_TOKEN, "rt-test", AccountCredentials.EXPIRES_AT,
                clock.instant().plus(Duration.ofHours(1)).toString())));
        return services.accountRepository().create(new Account(id, caller.companyId(), caller.userId(),
                connector.connectorId(), connector.version(), "Test account", AuthType.OAUTH2, AccountStatus.CONNECTED,
                null, clock.instant().plus(Duration.ofHours(1)), List.of("read"), clock.instant(), clock.instant(), 0));
    }

    /** A private API-key connector with one report and a required {@code datasetId} parameter. */
    public ConnectorVersion publishedApiKeyConnector() {
        return published(apiKeyAuth(), List.of("Contacts"),
                List.of(new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null)),
                Visibility.PRIVATE);
    }

    public Account apiKeyAccount(Caller caller, String connectorId) {
        return services.accounts().connect(caller, connectorId, "My key", Map.of("apikey", "key-123"));
    }

    /** A job; one of another company than the connector's brings its own company's Domo client. */
    public Job job(Caller caller, ConnectorVersion connector, Account account, Schedule schedule) {
        var domo = caller.inCompany(connector.companyId()) ? null
                : new JobDomoClients.DomoClientRequest(caller.companyId() + "-domo-client",
                        caller.companyId() + "-domo-secret");
        return services.jobs().create(caller, new JobService.JobRequest(connector.connectorId(), account.id(), "Nightly",
                "Contacts", Map.of("datasetId", "ds-1"), schedule, null, domo));
    }
}
