package dev.writeback.core.account;

import dev.writeback.core.Sha256;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.StoredItem;
import java.time.Instant;
import java.util.Optional;

/**
 * Pending OAuth authorizations in the single table, keyed by a SHA-256 of the {@code state} value
 * ({@code OAUTHSTATE#hash / ROOT}), so reading the table does not reveal usable states. Items
 * carry a TTL; expiry is checked by the caller too, since TTL deletion is lazy.
 */
public final class OAuthStateRepository {
    private static final String ROOT = "ROOT";
    private final DocumentTable table;

    public OAuthStateRepository(DocumentTable table) {
        this.table = table;
    }

    /**
     * What a state is bound to.
     *
     * @param codeVerifier the PKCE verifier, or null without PKCE
     */
    public record OAuthState(String accountId, String companyId, String userId, String connectorId,
                             int connectorVersion, String codeVerifier, Instant createdAt, Instant expiresAt) {
        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** A stored state with the revision its single-use delete is conditional on. */
    public record Pending(String key, OAuthState state, long revision) {
    }

    public void save(String state, OAuthState value) {
        table.create(new StoredItem(pk(state), ROOT, 0, null, null, value.expiresAt().getEpochSecond(),
                ItemCodec.write(value)));
    }

    public Optional<Pending> find(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        return table.get(pk(state), ROOT)
                .map(item -> new Pending(item.pk(), ItemCodec.read(item, OAuthState.class), item.revision()));
    }

    /** Deletes the state if nobody did meanwhile; false if another request consumed it first. */
    public boolean consume(Pending pending) {
        try {
            table.delete(pending.key(), ROOT, pending.revision());
            return true;
        } catch (NotFoundException | ConflictException alreadyConsumed) {
            return false;
        }
    }

    private static String pk(String state) {
        return "OAUTHSTATE#" + Sha256.hex(state);
    }
}
