package dev.writeback.core.agreement;

import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.error.AgreementRequiredException;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import java.time.Clock;
import java.util.Optional;

/**
 * The user agreement authors accept before they create connectors: what it says, whether the caller accepted
 * its current version, and the acceptance itself, kept per company and user with its time and version.
 */
public final class AgreementService {
    private final AgreementRepository repository;
    private final UserAgreement agreement;
    private final Clock clock;

    public AgreementService(AgreementRepository repository, UserAgreement agreement, Clock clock) {
        this.repository = repository;
        this.agreement = agreement;
        this.clock = clock;
    }

    /** The current agreement and, if the caller accepted this version, their acceptance. */
    public record AgreementView(String version, String text, AgreementAcceptance acceptance) {
    }

    public AgreementView current(Caller caller) {
        return new AgreementView(agreement.version(), agreement.text(), acceptance(caller).orElse(null));
    }

    /**
     * Records that the caller accepts {@code version}, which must be the current one (the one they were shown).
     * Accepting again answers the first acceptance.
     */
    public AgreementAcceptance accept(Caller caller, String version) {
        if (version == null || version.isBlank()) {
            throw new InvalidInputException("Field version is required: the version of the user agreement you accept ("
                    + agreement.version() + ").");
        }
        Limits.chars("Field version", version, Limits.NAME_CHARS);
        if (!version.equals(agreement.version())) {
            throw new InvalidInputException("Field version must be the current user agreement's version, "
                    + agreement.version() + "; got '" + version + "'. Read it again with GET /user-agreement.");
        }
        Optional<AgreementAcceptance> earlier = acceptance(caller);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return repository.create(caller.companyId(), caller.userId(), new AgreementAcceptance(version, clock.instant()));
        } catch (ConflictException raced) {
            return acceptance(caller).orElseThrow(() -> raced);
        }
    }

    /** Refuses ({@link AgreementRequiredException}) a caller who has not accepted the current version. */
    public void requireAccepted(Caller caller) {
        if (acceptance(caller).isEmpty()) {
            throw new AgreementRequiredException("Accept the user agreement (version " + agreement.version()
                    + ") before creating connectors: read it with GET /user-agreement, then POST /user-agreement/acceptance"
                    + " with {\"version\": \"" + agreement.version() + "\"}.");
        }
    }

    private Optional<AgreementAcceptance> acceptance(Caller caller) {
        return repository.find(caller.companyId(), caller.userId(), agreement.version());
    }
}
