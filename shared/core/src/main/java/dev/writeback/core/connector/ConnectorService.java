package dev.writeback.core.connector;

import static dev.writeback.core.connector.ConnectorValidation.blank;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.agreement.AgreementService;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.PayloadTooLargeException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.SecretVault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The connector author's and reviewer's use cases: create, configure, submit, review.
 * Every change is a conditional write of the version that was read, so concurrent edits never
 * silently overwrite each other. Who may do what is {@link ConnectorAccess}; what a setting must be,
 * {@link ConnectorValidation}; the scripts and icons are {@link ConnectorFiles}, the secrets
 * {@link ConnectorSecrets}. It is long because it is the whole lifecycle of a connector, each use case a few lines
 * over the classes named above.
 */
public final class ConnectorService {
    public static final int MAX_SCRIPT_BYTES = Limits.SCRIPT_BYTES;

    private final ConnectorRepository repository;
    private final ConnectorAccess access;
    private final ConnectorFiles files;
    private final ConnectorSecrets secrets;
    private final ScriptRunner scripts;
    private final DomoCredentialsVerifier domoVerifier;
    private final AddressGuard guard;
    private final AgreementService agreements;
    private final Clock clock;

    /**
     * @param guard where OAuth URLs may point: they are refused when saved if they can never be called
     * @param agreements the user agreement an author accepts before creating connectors
     */
    public ConnectorService(ConnectorRepository repository, BlobStore blobs, SecretVault vault, ScriptRunner scripts,
                            DomoCredentialsVerifier domoVerifier, AddressGuard guard, AgreementService agreements,
                            Clock clock) {
        this.repository = repository;
        this.access = new ConnectorAccess(repository);
        this.files = new ConnectorFiles(repository, blobs);
        this.secrets = new ConnectorSecrets(vault);
        this.scripts = scripts;
        this.domoVerifier = domoVerifier;
        this.guard = guard;
        this.agreements = agreements;
        this.clock = clock;
    }

    /**
     * Where a file of a connector lives in the blob store: addressed by its content digest, so a
     * write never changes what an existing version names (a racing submit sees the old file or the new
     * one, whole), and drafts share unchanged files with the version they were copied from.
     */
    public static String fileKey(String connectorId, String file, String digest) {
        return ConnectorFiles.key(connectorId, file, digest);
    }

    /** The blob key of a version's file, if it has one. */
    public static Optional<String> fileKey(ConnectorVersion v, String file) {
        return ConnectorFiles.key(v, file);
    }

    /** Vault name of a version's Domo client secret. */
    public static String domoSecretName(String connectorId, int version) {
        return ConnectorSecrets.domoName(connectorId, version);
    }

    /** Vault name of a version's OAuth client secret. */
    public static String oauthSecretName(String connectorId, int version) {
        return ConnectorSecrets.oauthName(connectorId, version);
    }

    /**
     * Refuses ({@link InvalidInputException} naming {@code field}) an OAuth URL that can never be called: not
     * absolute https, or on a host that is an internal address for {@code guard}.
     */
    public static void requireCallableOAuthUrl(String field, String url, AddressGuard guard) {
        ConnectorValidation.requireUrl(field, url, guard);
    }

    /** Creates a connector; its author must have accepted the current user agreement. */
    public ConnectorVersion create(Caller caller, String name, String description) {
        ConnectorAccess.requireAuthor(caller);
        String cleanName = ConnectorValidation.name(name);
        ConnectorValidation.description(description);
        agreements.requireAccepted(caller);
        Instant now = clock.instant();
        String id = IdGenerator.next("con");
        ConnectorVersion first = new ConnectorVersion(id, 1, ConnectorStatus.DRAFT, Visibility.PRIVATE,
                caller.companyId(), caller.userId(), cleanName, description, null, Authentication.none(), List.of(),
                List.of(), Set.of(), Set.of(), now, now, null, null, 0);
        Connector root = new Connector(id, caller.companyId(), caller.userId(), cleanName, 1, null, null, null, now, 0);
        repository.create(root, first);
        return repository.getVersion(id, 1);
    }

    /**
     * The connector as the caller may see it: its company sees the latest version, a reviewer of another
     * company a version submitted publicly (to review it), others the public published one.
     */
    public ConnectorVersion get(Caller caller, String connectorId) {
        return access.readable(caller, connectorId);
    }

    /**
     * A specific version, if the caller may see it: other companies see versions published publicly,
     * including older ones their jobs are pinned to.
     */
    public ConnectorVersion getVersion(Caller caller, String connectorId, int version) {
        return access.readableVersion(caller, connectorId, version);
    }

    /** The newest published version usable by the caller (for accounts and jobs). */
    public ConnectorVersion published(Caller caller, String connectorId) {
        Connector c = access.visible(caller, connectorId);
        if (c.publishedVersion() == null) {
            throw new InvalidStateException("Connector " + connectorId + " has no published version yet.");
        }
        return repository.getVersion(connectorId, c.publishedVersion());
    }

    /**
     * The version an account of the caller connects to: the newest published one; before any is published, the
     * caller's own company's latest version, so its authors can connect a test account to a draft (to test-run it
     * and to give reviewers). Jobs still need a published version.
     */
    public ConnectorVersion connectable(Caller caller, String connectorId) {
        Connector c = access.visible(caller, connectorId);
        if (c.publishedVersion() == null && caller.inCompany(c.companyId())) {
            return repository.getVersion(connectorId, c.latestVersion());
        }
        return published(caller, connectorId);
    }

    /**
     * A version of a connector of the caller's company, to test-run it: the latest (the draft) when {@code version} is
     * null. Other companies do not know the connector exists (404).
     */
    public ConnectorVersion ownCompanyVersion(Caller caller, String connectorId, Integer version) {
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        if (!caller.inCompany(c.companyId())) {
            throw ConnectorRepository.notFound(connectorId);
        }
        int wanted = version == null ? c.latestVersion() : version;
        return repository.findVersion(connectorId, wanted).orElseThrow(() -> new NotFoundException(
                "Connector " + connectorId + " has no version " + wanted + "."));
    }

    public Page<Connector> listOwnCompany(Caller caller, int limit, String cursor) {
        return repository.listCompany(caller.companyId(), Page.limit(limit), cursor);
    }

    /** Publicly published connectors of every company, by published name. */
    public Page<Connector> listPublic(int limit, String cursor) {
        return repository.listPublic(Page.limit(limit), cursor);
    }

    /** Changes the descriptive fields; null leaves a field as it is. */
    public ConnectorVersion update(Caller caller, String connectorId, Long expectedRevision, String name,
                                   String description, List<String> reports, List<Parameter> parameters) {
        return update(caller, connectorId, expectedRevision, name, description, reports, parameters, null);
    }

    /** As above, and Domo's "Save Database Between Runs" of the data processing ({@code null} leaves it). */
    public ConnectorVersion update(Caller caller, String connectorId, Long expectedRevision, String name,
                                   String description, List<String> reports, List<Parameter> parameters,
                                   Boolean saveDatabaseBetweenRuns) {
        String cleanName = name == null ? null : ConnectorValidation.name(name);
        ConnectorValidation.description(description);
        if (reports != null) {
            ConnectorValidation.reports(reports);
        }
        if (parameters != null) {
            ConnectorValidation.parameters(parameters);
        }
        ConnectorVersion v = editable(caller, connectorId, expectedRevision);
        ConnectorVersion.Builder b = v.toBuilder();
        if (name != null) {
            b.name(cleanName);
        }
        if (description != null) {
            b.description(description);
        }
        if (reports != null) {
            b.reports(ConnectorValidation.reports(reports));
        }
        if (parameters != null) {
            b.parameters(ConnectorValidation.parameters(parameters));
        }
        if (saveDatabaseBetweenRuns != null) {
            b.saveDatabaseBetweenRuns(saveDatabaseBetweenRuns);
        }
        ConnectorVersion saved = save(b);
        if (name != null && !name.equals(v.name())) {
            Connector root = repository.get(connectorId);
            repository.update(root.withName(saved.name()));
        }
        return saved;
    }

    /** Verifies a Domo client by asking Domo for a data-scoped token, then stores it (secret to the vault). */
    public ConnectorVersion setDomoClient(Caller caller, String connectorId, String clientKey, String clientSecret) {
        ConnectorValidation.domoClient(clientKey, clientSecret);
        ConnectorVersion v = editable(caller, connectorId, null);
        domoVerifier.verify(new DomoCredentials(clientKey, clientSecret, List.of("data")));
        secrets.putDomo(v, clientSecret);
        return save(v.toBuilder().domo(new VerifiedDomoClient(clientKey, clock.instant())));
    }

    /** Sets the authentication type and its settings; an OAuth client secret, if given, goes to the vault. */
    public ConnectorVersion setAuthentication(Caller caller, String connectorId, Authentication auth,
                                              String oauthClientSecret) {
        ConnectorVersion v = editable(caller, connectorId, null);
        if (auth == null) {
            throw new InvalidInputException("An authentication setup is required.");
        }
        boolean secretSet = ConnectorValidation.authentication(auth, oauthClientSecret, v, guard);
        if (!blank(oauthClientSecret)) {
            secrets.putOAuth(v, oauthClientSecret);
        }
        Authentication stored = new Authentication(auth.type(), auth.oauth(), auth.fields(), secretSet);
        return save(v.toBuilder().authentication(stored));
    }

    /** Stores a script after checking its syntax (422 naming line and column if it does not parse). */
    public ConnectorVersion putScript(Caller caller, String connectorId, ScriptKind kind, String code) {
        ConnectorVersion v = editable(caller, connectorId, null);
        byte[] bytes = ConnectorValidation.script(kind, code);
        scripts.checkSyntax(new ScriptSource(kind.fileName(), code));
        Set<ScriptKind> kinds = EnumSet.noneOf(ScriptKind.class);
        kinds.addAll(v.scripts());
        kinds.add(kind);
        return files.put(v, kind.fileName(), bytes, "application/javascript",
                named -> save(v.toBuilder().files(named).scripts(kinds)));
    }

    public String getScript(Caller caller, String connectorId, ScriptKind kind) {
        ConnectorVersion v = get(caller, connectorId);
        return readScript(v, kind).orElseThrow(() -> new NotFoundException(
                "Connector " + connectorId + " has no " + kind.fileName() + " yet."));
    }

    /** A version's script, for the run pipeline. */
    public Optional<String> readScript(ConnectorVersion v, ScriptKind kind) {
        if (!v.scripts().contains(kind)) {
            return Optional.empty();
        }
        return files.readText(v, kind.fileName());
    }

    public ConnectorVersion putIcon(Caller caller, String connectorId, IconKind kind, byte[] png) {
        ConnectorVersion v = editable(caller, connectorId, null);
        PngImage.read(png).requireSize(kind);
        Set<IconKind> kinds = EnumSet.noneOf(IconKind.class);
        kinds.addAll(v.icons());
        kinds.add(kind);
        return files.put(v, ConnectorFiles.iconFile(kind), png, "image/png",
                named -> save(v.toBuilder().files(named).icons(kinds)));
    }

    public byte[] getIcon(Caller caller, String connectorId, IconKind kind) {
        ConnectorVersion v = get(caller, connectorId);
        if (!v.icons().contains(kind)) {
            throw new NotFoundException("Connector " + connectorId + " has no " + kind.slug() + " image.");
        }
        return files.read(v, ConnectorFiles.iconFile(kind)).orElseThrow(() -> new NotFoundException(
                "Connector " + connectorId + " has no " + kind.slug() + " image."));
    }

    /** Submits the latest version for review, without test credentials; it must be complete. */
    public ConnectorVersion submit(Caller caller, String connectorId, Visibility visibility) {
        return submit(caller, connectorId, visibility, null);
    }

    /**
     * Submits the latest version for review; it must be complete. {@code testCredentials} (checked by the caller of
     * this method: the submitter's own account, or the fields of the auth type) go to the vault for reviewers' test
     * runs; connectors using OAuth 2.0, or DISCOVERY parameters behind an authentication, need them.
     */
    public ConnectorVersion submit(Caller caller, String connectorId, Visibility visibility,
                                   TestCredentials testCredentials) {
        ConnectorVersion v = editable(caller, connectorId, null);
        List<String> missing = ConnectorValidation.missingForSubmit(v);
        if (!missing.isEmpty()) {
            throw new UnprocessableException("Connector " + connectorId + " cannot be submitted yet; it lacks "
                    + String.join(", ", missing) + ".");
        }
        if (testCredentials == null && needsTestCredentials(v)) {
            throw new InvalidInputException(v.authentication().type() == AuthType.OAUTH2
                    ? "testAccountId is required: connector " + connectorId + " uses OAuth 2.0, so reviewers test it with an"
                    + " account you give: one of your accounts of this connector (connect one to the draft through its"
                    + " authorization flow)."
                    : "testAccountId is required: connector " + connectorId + " has DISCOVERY parameters, so reviewers test"
                    + " it with credentials you give: testAccountId (one of your accounts of this connector) or testFields"
                    + " (the fields of its " + v.authentication().type() + " authentication).");
        }
        if (testCredentials == null) {
            secrets.deleteTestCredentials(v);
        } else {
            secrets.putTestCredentials(v, testCredentials);
        }
        return save(v.toBuilder().status(ConnectorStatus.SUBMITTED)
                .visibility(visibility == null ? Visibility.PRIVATE : visibility)
                .submittedAt(clock.instant()).submittedBy(caller.userId()).review(null)
                .testCredentials(testCredentials == null ? null : testCredentials.kind()));
    }

    /** Domo's rule: reviewers need credentials to try an OAuth 2.0 connector or one discovering its parameters. */
    public static boolean needsTestCredentials(ConnectorVersion v) {
        AuthType type = v.authentication().type();
        return type == AuthType.OAUTH2 || type != AuthType.NONE
                && v.parameters().stream().anyMatch(p -> p.type() == Parameter.Type.DISCOVERY);
    }

    public ConnectorVersion withdraw(Caller caller, String connectorId) {
        ConnectorVersion v = access.latestOwned(caller, connectorId);
        if (v.status() != ConnectorStatus.SUBMITTED) {
            throw new InvalidStateException("Only a submitted connector can be withdrawn; this one is " + v.status() + ".");
        }
        ConnectorVersion saved = save(v.toBuilder().status(ConnectorStatus.DRAFT).submittedAt(null).submittedBy(null)
                .testCredentials(null));
        secrets.deleteTestCredentials(saved);
        return saved;
    }

    /**
     * The submitted version a reviewer may test-run with its test credentials: the same rule as deciding on it. To
     * anyone else there is no such submission (404).
     */
    public ConnectorVersion submissionToTest(Caller reviewer, String connectorId) {
        try {
            return access.submittedForReview(reviewer, connectorId);
        } catch (ForbiddenException | InvalidStateException notTheirs) {
            throw new NotFoundException("Connector " + connectorId + " has no submission you review.");
        }
    }

    /** The test credentials a submitted version's submitter gave reviewers, for a test run. */
    public Optional<TestCredentials> testCredentials(ConnectorVersion v) {
        return v.status() == ConnectorStatus.SUBMITTED ? secrets.testCredentials(v) : Optional.empty();
    }

    public ConnectorVersion approve(Caller reviewer, String connectorId) {
        ConnectorVersion v = access.submittedForReview(reviewer, connectorId);
        ConnectorVersion saved = save(v.toBuilder().status(ConnectorStatus.PUBLISHED)
                .review(new Review(reviewer.userId(), true, null, clock.instant())).testCredentials(null));
        secrets.deleteTestCredentials(saved);
        Connector root = repository.get(connectorId);
        repository.update(root.withPublished(saved.version(), saved.visibility(), saved.name()));
        return saved;
    }

    public ConnectorVersion reject(Caller reviewer, String connectorId, String reason) {
        if (blank(reason)) {
            throw new InvalidInputException("A rejection needs a reason the author can act on.");
        }
        Limits.chars("A rejection reason", reason.strip(), Limits.TEXT_CHARS);
        ConnectorVersion v = access.submittedForReview(reviewer, connectorId);
        ConnectorVersion saved = save(v.toBuilder().status(ConnectorStatus.REJECTED)
                .review(new Review(reviewer.userId(), false, reason.strip(), clock.instant())).testCredentials(null));
        secrets.deleteTestCredentials(saved);
        return saved;
    }

    /** Deletes a connector that was never published, with its scripts, icons and secrets. */
    public void delete(Caller caller, String connectorId) {
        Connector c = access.owned(caller, connectorId);
        if (c.publishedVersion() != null) {
            throw new InvalidStateException("Connector " + connectorId + " has been published; published connectors are kept for the jobs that use them.");
        }
        for (int version = 1; version <= c.latestVersion(); version++) {
            repository.findVersion(connectorId, version).ifPresent(files::deleteAll);
            secrets.delete(connectorId, version);
        }
        repository.delete(c);
    }

    /** The Domo client secret of a version, for the run pipeline. */
    public Optional<String> domoSecret(ConnectorVersion v) {
        return secrets.domo(v);
    }

    public Optional<String> oauthClientSecret(ConnectorVersion v) {
        return secrets.oauth(v);
    }

    // ---- versions

    /**
     * The version the author edits: the latest one if editable; if the latest is published, a new
     * draft copied from it (its scripts, icons and secrets too).
     */
    private ConnectorVersion editable(Caller caller, String connectorId, Long expectedRevision) {
        ConnectorVersion latest = access.latestOwned(caller, connectorId);
        if (expectedRevision != null && expectedRevision != latest.revision()) {
            throw new ConflictException("Connector " + connectorId
                    + " changed since revision " + expectedRevision + " (now " + latest.revision() + "); reload and retry.");
        }
        if (latest.editable()) {
            return latest;
        }
        if (latest.status() == ConnectorStatus.SUBMITTED) {
            throw new InvalidStateException("Connector " + connectorId
                    + " is submitted for review and read-only; withdraw it to edit.");
        }
        return startNextDraft(latest);
    }

    private ConnectorVersion startNextDraft(ConnectorVersion published) {
        int next = published.version() + 1;
        String id = published.connectorId();
        secrets.copy(id, published.version(), next);
        Instant now = clock.instant();
        ConnectorVersion draft = published.toBuilder().version(next).status(ConnectorStatus.DRAFT).createdAt(now)
                .updatedAt(now).submittedAt(null).submittedBy(null).review(null).testCredentials(null).revision(0).build();
        ConnectorVersion stored = repository.createVersion(draft);
        Connector root = repository.get(id);
        repository.update(root.withLatest(next, root.name(), root.revision()));
        return stored;
    }

    private ConnectorVersion save(ConnectorVersion.Builder b) {
        ConnectorVersion v = b.updatedAt(clock.instant()).build();
        int bytes = Json.write(v).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.VERSION_BYTES) {
            throw new PayloadTooLargeException("This connector version would be " + bytes + " bytes stored; a version is at most "
                    + Limits.VERSION_BYTES + " bytes: shorten its parameters (help texts, options), reports or OAuth settings.");
        }
        return repository.update(v);
    }
}
