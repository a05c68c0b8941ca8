package dev.writeback.core.connector;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.SecretVault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connector author's and reviewer's use cases: create, configure, submit, review.
 * Every change is a conditional write of the version that was read, so concurrent edits never
 * silently overwrite each other.
 */
public final class ConnectorService {
    public static final int MAX_SCRIPT_BYTES = 512 * 1024;

    private final ConnectorRepository repository;
    private final BlobStore blobs;
    private final SecretVault vault;
    private final ScriptRunner scripts;
    private final DomoCredentialsVerifier domoVerifier;
    private final Clock clock;

    public ConnectorService(ConnectorRepository repository, BlobStore blobs, SecretVault vault, ScriptRunner scripts,
                            DomoCredentialsVerifier domoVerifier, Clock clock) {
        this.repository = repository;
        this.blobs = blobs;
        this.vault = vault;
        this.scripts = scripts;
        this.domoVerifier = domoVerifier;
        this.clock = clock;
    }

    /**
     * Where a file of a connector lives in the blob store: addressed by its content digest, so a
     * write never changes what an existing version names (a racing submit sees the old file or the new
     * one, whole), and drafts share unchanged files with the version they were copied from.
     */
    public static String fileKey(String connectorId, String file, String digest) {
        return "connectors/" + connectorId + "/files/" + digest + "-" + file;
    }

    /** The blob key of a version's file, if it has one. */
    public static Optional<String> fileKey(ConnectorVersion v, String file) {
        return Optional.ofNullable(v.files().get(file)).map(d -> fileKey(v.connectorId(), file, d));
    }

    static String iconFile(IconKind kind) {
        return kind.slug() + ".png";
    }

    private static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores a file's content under its digest, then records it in the version with a conditional write.
     * If that write loses a race, the new blob is removed again (unless a version names it); a file the
     * version no longer names is removed when no other version names it.
     */
    private ConnectorVersion putFile(ConnectorVersion v, String file, byte[] bytes, String contentType,
                                     java.util.function.UnaryOperator<ConnectorVersion.Builder> change) {
        String digest = digest(bytes);
        String key = fileKey(v.connectorId(), file, digest);
        if (!blobs.exists(key)) {
            blobs.put(key, bytes, contentType);
        }
        Map<String, String> files = new java.util.HashMap<>(v.files());
        String previous = files.put(file, digest);
        ConnectorVersion saved;
        try {
            saved = save(change.apply(v.toBuilder().files(files)));
        } catch (RuntimeException lost) {
            if (!named(v.connectorId(), file, digest)) {
                blobs.delete(key);
            }
            throw lost;
        }
        if (previous != null && !previous.equals(digest) && !named(v.connectorId(), file, previous)) {
            blobs.delete(fileKey(v.connectorId(), file, previous));
        }
        return saved;
    }

    /** Whether some version of the connector names this file content. */
    private boolean named(String connectorId, String file, String digest) {
        Connector c = repository.find(connectorId).orElse(null);
        if (c == null) {
            return false;
        }
        for (int version = 1; version <= c.latestVersion(); version++) {
            Optional<ConnectorVersion> v = repository.findVersion(connectorId, version);
            if (v.isPresent() && digest.equals(v.get().files().get(file))) {
                return true;
            }
        }
        return false;
    }

    /** Vault name of a version's Domo client secret. */
    public static String domoSecretName(String connectorId, int version) {
        return "connectors/" + connectorId + "/v" + version + "/domo-client-secret";
    }

    /** Vault name of a version's OAuth client secret. */
    public static String oauthSecretName(String connectorId, int version) {
        return "connectors/" + connectorId + "/v" + version + "/oauth-client-secret";
    }

    public ConnectorVersion create(Caller caller, String name, String description) {
        requireAuthor(caller);
        String cleanName = requireName(name);
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
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        if (caller.inCompany(c.companyId())) {
            return repository.getVersion(connectorId, c.latestVersion());
        }
        if (caller.has(Role.REVIEWER)) {
            ConnectorVersion latest = repository.getVersion(connectorId, c.latestVersion());
            if (latest.status() == ConnectorStatus.SUBMITTED && latest.visibility() == Visibility.PUBLIC) {
                return latest;
            }
        }
        if (c.publishedVisibility() == Visibility.PUBLIC) {
            return repository.getVersion(connectorId, c.publishedVersion());
        }
        throw ConnectorRepository.notFound(connectorId);
    }

    /**
     * A specific version, if the caller may see it: other companies see versions published publicly,
     * including older ones their jobs are pinned to.
     */
    public ConnectorVersion getVersion(Caller caller, String connectorId, int version) {
        Connector c = visible(caller, connectorId);
        ConnectorVersion v = repository.findVersion(connectorId, version).orElse(null);
        if (v == null || !caller.inCompany(c.companyId())
                && (v.status() != ConnectorStatus.PUBLISHED || v.visibility() != Visibility.PUBLIC)) {
            throw new NotFoundException("Connector " + connectorId + " has no version " + version + ".");
        }
        return v;
    }

    /** The newest published version usable by the caller (for accounts and jobs). */
    public ConnectorVersion published(Caller caller, String connectorId) {
        Connector c = visible(caller, connectorId);
        if (c.publishedVersion() == null) {
            throw new InvalidStateException("Connector " + connectorId + " has no published version yet.");
        }
        return repository.getVersion(connectorId, c.publishedVersion());
    }

    public Page<Connector> listOwnCompany(Caller caller, int limit, String cursor) {
        return repository.listCompany(caller.companyId(), clampLimit(limit), cursor);
    }

    /** Publicly published connectors of every company, by published name. */
    public Page<Connector> listPublic(int limit, String cursor) {
        return repository.listPublic(clampLimit(limit), cursor);
    }

    /** Changes the descriptive fields; null leaves a field as it is. */
    public ConnectorVersion update(Caller caller, String connectorId, Long expectedRevision, String name,
                                   String description, List<String> reports, List<Parameter> parameters) {
        ConnectorVersion v = editable(caller, connectorId, expectedRevision);
        ConnectorVersion.Builder b = v.toBuilder();
        if (name != null) {
            b.name(requireName(name));
        }
        if (description != null) {
            b.description(description);
        }
        if (reports != null) {
            b.reports(validateReports(reports));
        }
        if (parameters != null) {
            b.parameters(validateParameters(parameters));
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
        ConnectorVersion v = editable(caller, connectorId, null);
        if (blank(clientKey) || blank(clientSecret)) {
            throw new InvalidInputException("Both clientKey and clientSecret of the Domo API client are required.");
        }
        domoVerifier.verify(new DomoCredentials(clientKey, clientSecret, List.of("data")));
        vault.put(domoSecretName(connectorId, v.version()), clientSecret);
        return save(v.toBuilder().domo(new DomoClient(clientKey, clock.instant())));
    }

    /** Sets the authentication type and its settings; an OAuth client secret, if given, goes to the vault. */
    public ConnectorVersion setAuthentication(Caller caller, String connectorId, Authentication auth,
                                              String oauthClientSecret) {
        ConnectorVersion v = editable(caller, connectorId, null);
        if (auth == null) {
            throw new InvalidInputException("An authentication setup is required.");
        }
        boolean secretSet = validateAuthentication(auth, oauthClientSecret, v);
        if (!blank(oauthClientSecret)) {
            vault.put(oauthSecretName(connectorId, v.version()), oauthClientSecret);
        }
        Authentication stored = new Authentication(auth.type(), auth.oauth(), auth.fields(), secretSet);
        return save(v.toBuilder().authentication(stored));
    }

    /** Stores a script after checking its syntax (422 naming line and column if it does not parse). */
    public ConnectorVersion putScript(Caller caller, String connectorId, ScriptKind kind, String code) {
        ConnectorVersion v = editable(caller, connectorId, null);
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("The " + kind.fileName() + " script is empty.");
        }
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SCRIPT_BYTES) {
            throw new InvalidInputException("The " + kind.fileName() + " script is " + bytes.length
                    + " bytes; the limit is " + MAX_SCRIPT_BYTES + ".");
        }
        scripts.checkSyntax(new ScriptSource(kind.fileName(), code));
        Set<ScriptKind> kinds = EnumSet.noneOf(ScriptKind.class);
        kinds.addAll(v.scripts());
        kinds.add(kind);
        return putFile(v, kind.fileName(), bytes, "application/javascript", b -> b.scripts(kinds));
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
        return fileKey(v, kind.fileName()).flatMap(blobs::get).map(b -> new String(b.bytes(), StandardCharsets.UTF_8));
    }

    public ConnectorVersion putIcon(Caller caller, String connectorId, IconKind kind, byte[] png) {
        ConnectorVersion v = editable(caller, connectorId, null);
        PngImage.read(png).requireSize(kind);
        Set<IconKind> kinds = EnumSet.noneOf(IconKind.class);
        kinds.addAll(v.icons());
        kinds.add(kind);
        return putFile(v, iconFile(kind), png, "image/png", b -> b.icons(kinds));
    }

    public byte[] getIcon(Caller caller, String connectorId, IconKind kind) {
        ConnectorVersion v = get(caller, connectorId);
        if (!v.icons().contains(kind)) {
            throw new NotFoundException("Connector " + connectorId + " has no " + kind.slug() + " image.");
        }
        return fileKey(v, iconFile(kind)).flatMap(blobs::get).orElseThrow(() -> new NotFoundException(
                "Connector " + connectorId + " has no " + kind.slug() + " image.")).bytes();
    }

    /** Submits the latest version for review; it must be complete. */
    public ConnectorVersion submit(Caller caller, String connectorId, Visibility visibility) {
        ConnectorVersion v = editable(caller, connectorId, null);
        List<String> missing = new ArrayList<>();
        if (v.domo() == null) {
            missing.add("a Domo API client (PUT /connectors/{id}/domo-client)");
        }
        if (!v.scripts().contains(ScriptKind.PROCESS)) {
            missing.add("a processing script (PUT /connectors/{id}/scripts/process)");
        }
        if (!v.scripts().contains(ScriptKind.AUTH)) {
            missing.add("an authentication script (PUT /connectors/{id}/scripts/auth)");
        }
        if (v.authentication().type() == AuthType.OAUTH2 && !v.authentication().clientSecretSet()
                && v.authentication().oauth() != null) {
            missing.add("the OAuth client secret");
        }
        if (!missing.isEmpty()) {
            throw new UnprocessableException("Connector " + connectorId + " cannot be submitted yet; it lacks "
                    + String.join(", ", missing) + ".");
        }
        return save(v.toBuilder().status(ConnectorStatus.SUBMITTED)
                .visibility(visibility == null ? Visibility.PRIVATE : visibility)
                .submittedAt(clock.instant()).submittedBy(caller.userId()).review(null));
    }

    public ConnectorVersion withdraw(Caller caller, String connectorId) {
        ConnectorVersion v = latestOwned(caller, connectorId);
        if (v.status() != ConnectorStatus.SUBMITTED) {
            throw new InvalidStateException("Only a submitted connector can be withdrawn; this one is " + v.status() + ".");
        }
        return save(v.toBuilder().status(ConnectorStatus.DRAFT).submittedAt(null).submittedBy(null));
    }

    public ConnectorVersion approve(Caller reviewer, String connectorId) {
        ConnectorVersion v = submittedForReview(reviewer, connectorId);
        ConnectorVersion saved = save(v.toBuilder().status(ConnectorStatus.PUBLISHED)
                .review(new Review(reviewer.userId(), true, null, clock.instant())));
        Connector root = repository.get(connectorId);
        repository.update(root.withPublished(saved.version(), saved.visibility(), saved.name()));
        return saved;
    }

    public ConnectorVersion reject(Caller reviewer, String connectorId, String reason) {
        if (blank(reason)) {
            throw new InvalidInputException("A rejection needs a reason the author can act on.");
        }
        ConnectorVersion v = submittedForReview(reviewer, connectorId);
        return save(v.toBuilder().status(ConnectorStatus.REJECTED)
                .review(new Review(reviewer.userId(), false, reason.strip(), clock.instant())));
    }

    /** Deletes a connector that was never published, with its scripts, icons and secrets. */
    public void delete(Caller caller, String connectorId) {
        Connector c = owned(caller, connectorId);
        if (c.publishedVersion() != null) {
            throw new InvalidStateException("Connector " + connectorId + " has been published; published connectors are kept for the jobs that use them.");
        }
        for (int version = 1; version <= c.latestVersion(); version++) {
            repository.findVersion(connectorId, version).ifPresent(v ->
                    v.files().forEach((file, digest) -> blobs.delete(fileKey(connectorId, file, digest))));
            vault.delete(domoSecretName(connectorId, version));
            vault.delete(oauthSecretName(connectorId, version));
        }
        repository.delete(c);
    }

    /** The Domo client secret of a version, for the run pipeline. */
    public Optional<String> domoSecret(ConnectorVersion v) {
        return vault.get(domoSecretName(v.connectorId(), v.version()));
    }

    public Optional<String> oauthClientSecret(ConnectorVersion v) {
        return vault.get(oauthSecretName(v.connectorId(), v.version()));
    }

    // ---- rules

    /**
     * The version the author edits: the latest one if editable; if the latest is published, a new
     * draft copied from it (its scripts, icons and secrets too).
     */
    private ConnectorVersion editable(Caller caller, String connectorId, Long expectedRevision) {
        ConnectorVersion latest = latestOwned(caller, connectorId);
        if (expectedRevision != null && expectedRevision != latest.revision()) {
            throw new dev.writeback.core.error.ConflictException("Connector " + connectorId
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
        vault.get(domoSecretName(id, published.version())).ifPresent(s -> vault.put(domoSecretName(id, next), s));
        vault.get(oauthSecretName(id, published.version())).ifPresent(s -> vault.put(oauthSecretName(id, next), s));
        Instant now = clock.instant();
        ConnectorVersion draft = published.toBuilder().version(next).status(ConnectorStatus.DRAFT).createdAt(now)
                .updatedAt(now).submittedAt(null).submittedBy(null).review(null).revision(0).build();
        ConnectorVersion stored = repository.createVersion(draft);
        Connector root = repository.get(id);
        repository.update(root.withLatest(next, root.name(), root.revision()));
        return stored;
    }

    private ConnectorVersion save(ConnectorVersion.Builder b) {
        return repository.update(b.updatedAt(clock.instant()).build());
    }

    private ConnectorVersion latestOwned(Caller caller, String connectorId) {
        Connector c = owned(caller, connectorId);
        return repository.getVersion(connectorId, c.latestVersion());
    }

    private Connector owned(Caller caller, String connectorId) {
        Connector c = visible(caller, connectorId);
        if (!caller.inCompany(c.companyId())) {
            throw new ForbiddenException("Only authors of the company that owns connector " + connectorId + " may change it.");
        }
        requireAuthor(caller);
        return c;
    }

    /** The connector if the caller may know it exists; others get 404, not 403. */
    private Connector visible(Caller caller, String connectorId) {
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        if (caller.inCompany(c.companyId()) || c.publishedVisibility() == Visibility.PUBLIC) {
            return c;
        }
        throw ConnectorRepository.notFound(connectorId);
    }

    /**
     * The submission a reviewer may decide on. Reviewers act on public submissions of any company and
     * on private submissions of their own company only (to others a private connector does not exist);
     * nobody reviews a version they submitted or a connector they own.
     */
    private ConnectorVersion submittedForReview(Caller reviewer, String connectorId) {
        if (!reviewer.has(Role.REVIEWER)) {
            throw new ForbiddenException("Only reviewers approve or reject connectors.");
        }
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        ConnectorVersion v = repository.getVersion(connectorId, c.latestVersion());
        boolean ownCompany = reviewer.inCompany(c.companyId());
        boolean publicSubmission = v.status() == ConnectorStatus.SUBMITTED && v.visibility() == Visibility.PUBLIC;
        if (!ownCompany && !publicSubmission) {
            if (c.publishedVisibility() != Visibility.PUBLIC) {
                throw ConnectorRepository.notFound(connectorId);
            }
            throw new ForbiddenException("Connector " + connectorId + " is not submitted for public review;"
                    + " only reviewers of its own company review its private submissions.");
        }
        if (v.status() != ConnectorStatus.SUBMITTED) {
            throw new InvalidStateException("Connector " + connectorId + " is " + v.status() + ", not submitted for review.");
        }
        if (ownCompany && (reviewer.userId().equals(v.submittedBy()) || reviewer.userId().equals(v.ownerUserId()))) {
            throw new ForbiddenException("Reviewers do not review their own connectors; another reviewer must decide on "
                    + connectorId + ".");
        }
        return v;
    }

    private static void requireAuthor(Caller caller) {
        if (!caller.has(Role.AUTHOR)) {
            throw new ForbiddenException("Only connector authors create or change connectors.");
        }
    }

    private static String requireName(String name) {
        if (blank(name)) {
            throw new InvalidInputException("A connector needs a name.");
        }
        String n = name.strip();
        if (n.length() > 100) {
            throw new InvalidInputException("A connector name has at most 100 characters; this one has " + n.length() + ".");
        }
        return n;
    }

    private static List<String> validateReports(List<String> reports) {
        Set<String> seen = new HashSet<>();
        for (String r : reports) {
            if (blank(r)) {
                throw new InvalidInputException("A report needs a name.");
            }
            if (!seen.add(r)) {
                throw new InvalidInputException("Report '" + r + "' is listed twice.");
            }
        }
        return reports;
    }

    private static List<Parameter> validateParameters(List<Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (p == null || blank(p.name())) {
                throw new InvalidInputException("A parameter needs a name.");
            }
            if (!seen.add(p.name())) {
                throw new InvalidInputException("Parameter '" + p.name() + "' is defined twice.");
            }
            if (p.type() == Parameter.Type.DROPDOWN && p.options().isEmpty()) {
                throw new InvalidInputException("Dropdown parameter '" + p.name() + "' needs at least one option.");
            }
            if (p.type() != Parameter.Type.DROPDOWN && !p.options().isEmpty()) {
                throw new InvalidInputException("Only dropdown parameters have options; '" + p.name() + "' is " + p.type() + ".");
            }
        }
        return parameters;
    }

    private boolean validateAuthentication(Authentication auth, String clientSecret, ConnectorVersion v) {
        switch (auth.type()) {
            case OAUTH2 -> {
                OAuthSettings o = auth.oauth();
                if (o == null) {
                    throw new InvalidInputException("OAuth 2.0 authentication needs its settings (oauth).");
                }
                requireUrl("tokenUrl", o.tokenUrl());
                if (o.grant() == OAuthSettings.Grant.AUTHORIZATION_CODE) {
                    requireUrl("authorizationUrl", o.authorizationUrl());
                }
                if (o.refreshUrl() != null && !o.refreshUrl().isBlank()) {
                    requireUrl("refreshUrl", o.refreshUrl());
                }
                if (blank(o.clientId())) {
                    throw new InvalidInputException("OAuth 2.0 authentication needs a clientId.");
                }
                return !blank(clientSecret) || v.authentication().clientSecretSet();
            }
            case CUSTOM -> {
                if (auth.fields().isEmpty()) {
                    throw new InvalidInputException("Custom authentication needs at least one field.");
                }
                Set<String> keys = new HashSet<>();
                for (CustomField f : auth.fields()) {
                    if (f == null || blank(f.key()) || !f.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new InvalidInputException("Each custom field needs a key made of letters, digits and _ (it becomes metadata.account.<key>).");
                    }
                    if (!keys.add(f.key())) {
                        throw new InvalidInputException("Custom field '" + f.key() + "' is defined twice.");
                    }
                }
                return false;
            }
            default -> {
                if (auth.oauth() != null) {
                    throw new InvalidInputException("OAuth settings only go with authentication type OAUTH2, not " + auth.type() + ".");
                }
                return false;
            }
        }
    }

    private static void requireUrl(String field, String value) {
        if (blank(value)) {
            throw new InvalidInputException("OAuth 2.0 authentication needs " + field + ".");
        }
        try {
            java.net.URI u = new java.net.URI(value);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new InvalidInputException(field + " must be an absolute https URL; got '" + value + "'.");
            }
        } catch (java.net.URISyntaxException e) {
            throw new InvalidInputException(field + " is not a valid URL: " + e.getMessage());
        }
    }

    private static int clampLimit(int limit) {
        if (limit <= 0) {
            return 25;
        }
        return Math.min(limit, 100);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
