package dev.writeback.core.account;

import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.Optional;

/** Accounts in the single table: {@code ACCOUNT#id / ROOT}, listed per company and user. */
public final class AccountRepository {
    private static final String ROOT = "ROOT";
    private final DocumentTable table;

    public AccountRepository(DocumentTable table) {
        this.table = table;
    }

    private static String pk(String id) {
        return "ACCOUNT#" + id;
    }

    private static String listing(String companyId, String userId) {
        return "ACCOUNTS#" + companyId + "#" + userId;
    }

    public Optional<Account> find(String id) {
        return table.get(pk(id), ROOT).map(AccountRepository::toAccount);
    }

    public Account get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    public Account create(Account account) {
        return toAccount(table.create(item(account)));
    }

    /** Conditional on the revision read; {@code ConflictException} if it changed meanwhile. */
    public Account update(Account account) {
        return toAccount(table.update(item(account)));
    }

    public void delete(Account account) {
        table.delete(pk(account.id()), ROOT, account.revision());
    }

    public Page<Account> list(String companyId, String userId, int limit, String cursor) {
        return table.queryListing(listing(companyId, userId), true, limit, cursor).map(AccountRepository::toAccount);
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("There is no account " + id + ".");
    }

    private static StoredItem item(Account a) {
        return new StoredItem(pk(a.id()), ROOT, a.revision(), listing(a.companyId(), a.ownerUserId()),
                a.createdAt() + "#" + a.id(), null, ItemCodec.write(a));
    }

    private static Account toAccount(StoredItem item) {
        return ItemCodec.read(item, Account.class).withRevision(item.revision());
    }
}
