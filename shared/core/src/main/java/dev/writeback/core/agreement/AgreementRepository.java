package dev.writeback.core.agreement;

import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.StoredItem;
import java.util.Optional;

/** Acceptances in the single table: {@code AGREEMENT#company#user / VERSION#version}, one per version accepted. */
public final class AgreementRepository {
    private final DocumentTable table;

    public AgreementRepository(DocumentTable table) {
        this.table = table;
    }

    private static String pk(String companyId, String userId) {
        return "AGREEMENT#" + companyId + "#" + userId;
    }

    private static String sk(String version) {
        return "VERSION#" + version;
    }

    public Optional<AgreementAcceptance> find(String companyId, String userId, String version) {
        return table.get(pk(companyId, userId), sk(version)).map(i -> ItemCodec.read(i, AgreementAcceptance.class));
    }

    /** Stores an acceptance; {@code ConflictException} if this user accepted this version already. */
    public AgreementAcceptance create(String companyId, String userId, AgreementAcceptance acceptance) {
        StoredItem item = StoredItem.of(pk(companyId, userId), sk(acceptance.version()), ItemCodec.write(acceptance));
        return ItemCodec.read(table.create(item), AgreementAcceptance.class);
    }
}
