package dev.writeback.core.connector;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.FilteredListing;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Connectors in the single table: {@code CONNECTOR#id / ROOT} (listed per company),
 * {@code CONNECTOR#id / VERSION#000001…}, and {@code CONNECTOR#id / PUBLIC} (listed among public
 * connectors by published name while a public version is published; it holds the connector as other
 * companies see it, so a renamed draft never shows there before it is approved). A SUBMITTED version is also
 * listed in {@code CONNECTORS#SUBMITTED}, oldest submission first, for the reviewers' queue.
 */
public final class ConnectorRepository {
    private static final String ROOT = "ROOT";
    private static final String PUBLIC = "PUBLIC";
    private static final String PUBLIC_LISTING = "CONNECTORS#PUBLIC";
    private static final String SUBMITTED_LISTING = "CONNECTORS#SUBMITTED";

    private final DocumentTable table;

    public ConnectorRepository(DocumentTable table) {
        this.table = table;
    }

    static String pk(String connectorId) {
        return "CONNECTOR#" + connectorId;
    }

    static String versionSk(int version) {
        return String.format("VERSION#%06d", version);
    }

    static String companyListing(String companyId) {
        return "CONNECTORS#COMPANY#" + companyId;
    }

    public Optional<Connector> find(String connectorId) {
        return table.get(pk(connectorId), ROOT).map(ConnectorRepository::toConnector);
    }

    public Connector get(String connectorId) {
        return find(connectorId).orElseThrow(() -> notFound(connectorId));
    }

    public Optional<ConnectorVersion> findVersion(String connectorId, int version) {
        return table.get(pk(connectorId), versionSk(version)).map(ConnectorRepository::toVersion);
    }

    public ConnectorVersion getVersion(String connectorId, int version) {
        return findVersion(connectorId, version).orElseThrow(() -> new NotFoundException(
                "Connector " + connectorId + " has no version " + version + "."));
    }

    /** Stores a new connector with its first version (the version first, so a root never lacks it). */
    public Connector create(Connector connector, ConnectorVersion first) {
        createVersion(first);
        StoredItem root = StoredItem.of(pk(connector.id()), ROOT, ItemCodec.write(connector))
                .withListing(companyListing(connector.companyId()), connector.createdAt() + "#" + connector.id());
        return toConnector(table.create(root));
    }

    public ConnectorVersion createVersion(ConnectorVersion version) {
        return toVersion(table.create(StoredItem.of(pk(version.connectorId()), versionSk(version.version()),
                ItemCodec.write(version))));
    }

    /** Writes a changed version; {@link ConflictException} if it changed since it was read. */
    public ConnectorVersion update(ConnectorVersion version) {
        StoredItem item = new StoredItem(pk(version.connectorId()), versionSk(version.version()), version.revision(),
                null, null, null, ItemCodec.write(version));
        if (version.status() == ConnectorStatus.SUBMITTED && version.submittedAt() != null) {
            item = item.withListing(SUBMITTED_LISTING, String.format("%020d#%s#%s", version.submittedAt().toEpochMilli(),
                    version.connectorId(), versionSk(version.version())));
        }
        return toVersion(table.update(item));
    }

    /** The versions of a connector the caller may see ({@code shown}), newest first. */
    public Page<ConnectorVersion> listVersions(String connectorId, Predicate<ConnectorVersion> shown, int limit,
                                              String cursor) {
        return FilteredListing.page((n, c) -> table.query(pk(connectorId), "VERSION#", true, n, c),
                item -> Optional.of(toVersion(item)).filter(shown), limit, cursor);
    }

    /**
     * The versions awaiting review that {@code shown} keeps, oldest submission first. One listing holds every
     * company's submissions: a reviewer skips other companies' private ones, which stay few since a submission
     * leaves the listing when it is decided on or withdrawn.
     */
    public Page<ConnectorVersion> listSubmitted(Predicate<ConnectorVersion> shown, int limit, String cursor) {
        return FilteredListing.page((n, c) -> table.queryListing(SUBMITTED_LISTING, false, n, c),
                item -> Optional.of(toVersion(item)).filter(v -> v.status() == ConnectorStatus.SUBMITTED).filter(shown),
                limit, cursor);
    }

    /** Writes a changed root; {@link ConflictException} if it changed since it was read. */
    public Connector update(Connector connector) {
        StoredItem item = new StoredItem(pk(connector.id()), ROOT, connector.revision(),
                companyListing(connector.companyId()), connector.createdAt() + "#" + connector.id(), null,
                ItemCodec.write(connector));
        Connector stored = toConnector(table.update(item));
        syncPublicListing(stored);
        return stored;
    }

    private void syncPublicListing(Connector connector) {
        Optional<StoredItem> existing = table.get(pk(connector.id()), PUBLIC);
        boolean listed = connector.publishedVisibility() == Visibility.PUBLIC;
        if (listed) {
            Connector shown = connector.publicView();
            StoredItem item = StoredItem.of(pk(connector.id()), PUBLIC, ItemCodec.write(shown))
                    .withListing(PUBLIC_LISTING, shown.name().toLowerCase(Locale.ROOT) + "#" + connector.id());

            if (existing.isPresent()) {
                table.update(item.withRevision(existing.get().revision()));
            } else {
                table.create(item);
            }
        } else {
            existing.ifPresent(e -> table.delete(e.pk(), e.sk(), e.revision()));
        }
    }

    public Page<Connector> listCompany(String companyId, int limit, String cursor) {
        return table.queryListing(companyListing(companyId), true, limit, cursor).map(ConnectorRepository::toConnector);
    }

    public Page<Connector> listPublic(int limit, String cursor) {
        return table.queryListing(PUBLIC_LISTING, false, limit, cursor).map(ConnectorRepository::toConnector);
    }

    /** Deletes a connector's items: versions first, the root last. */
    public void delete(Connector connector) {
        String cursor = null;
        do {
            Page<StoredItem> page = table.query(pk(connector.id()), "VERSION#", false, 100, cursor);
            for (StoredItem item : page.items()) {
                table.delete(item.pk(), item.sk(), item.revision());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.get(pk(connector.id()), PUBLIC).ifPresent(e -> table.delete(e.pk(), e.sk(), e.revision()));
        table.delete(pk(connector.id()), ROOT, connector.revision());
    }

    static NotFoundException notFound(String connectorId) {
        return new NotFoundException("There is no connector " + connectorId + ".");
    }

    private static Connector toConnector(StoredItem item) {
        Connector c = ItemCodec.read(item, Connector.class);
        return new Connector(c.id(), c.companyId(), c.ownerUserId(), c.name(), c.latestVersion(), c.publishedVersion(),
                c.publishedVisibility(), c.publishedName(), c.createdAt(), item.revision());
    }

    private static ConnectorVersion toVersion(StoredItem item) {
        return ItemCodec.read(item, ConnectorVersion.class).toBuilder().revision(item.revision()).build();
    }
}
