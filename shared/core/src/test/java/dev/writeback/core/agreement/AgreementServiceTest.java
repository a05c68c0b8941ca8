package dev.writeback.core.agreement;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.connector.ConnectorStatus;
import dev.writeback.core.error.AgreementRequiredException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.testing.TestWorld;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgreementServiceTest {
    private static final Caller DORA = new Caller("acme", "dora", Set.of(Role.AUTHOR));
    private static final Caller DORA_OF_GLOBEX = new Caller("globex", "dora", Set.of(Role.AUTHOR));

    private final TestWorld world = new TestWorld();
    private final AgreementService agreements = world.services.agreements();

    @Test
    void anAuthorReadsTheProjectsOwnAgreementAcceptsItOnceAndTheAcceptanceKeepsItsTimeAndVersion() {
        AgreementService.AgreementView before = agreements.current(DORA);
        assertEquals(UserAgreement.CURRENT_VERSION, before.version());
        assertTrue(before.text().startsWith("# Writeback connector author agreement, version 1"), before.text());
        assertNull(before.acceptance());

        AgreementAcceptance accepted = agreements.accept(DORA, UserAgreement.CURRENT_VERSION);
        assertEquals(new AgreementAcceptance("1", START), accepted);
        assertEquals(accepted, agreements.current(DORA).acceptance());

        world.clock.advance(Duration.ofHours(1));
        assertEquals(accepted, agreements.accept(DORA, "1"), "accepting again keeps the first acceptance");
        assertNull(agreements.current(DORA_OF_GLOBEX).acceptance(), "kept per company and user");
    }

    @Test
    void onlyTheCurrentVersionCanBeAcceptedAndTheRefusalSaysWhichItIs() {
        assertEquals("Field version must be the current user agreement's version, 1; got '0'. Read it again with"
                + " GET /user-agreement.", assertThrows(InvalidInputException.class, () -> agreements.accept(DORA, "0"))
                .getMessage());
        assertEquals("Field version is required: the version of the user agreement you accept (1).",
                assertThrows(InvalidInputException.class, () -> agreements.accept(DORA, " ")).getMessage());
        assertEquals("Field version has at most 100 characters; this one has 101.",
                assertThrows(InvalidInputException.class, () -> agreements.accept(DORA, "1".repeat(101))).getMessage());
        assertNull(agreements.current(DORA).acceptance());
    }

    @Test
    void anAuthorWhoHasNotAcceptedCannotCreateAConnectorUntilTheyDo() {
        AgreementRequiredException refused = assertThrows(AgreementRequiredException.class,
                () -> world.services.connectors().create(DORA, "Dora's CRM", null));
        assertEquals(403, refused.status());
        assertEquals("agreement-required", refused.problemType());
        assertEquals("Accept the user agreement (version 1) before creating connectors: read it with GET /user-agreement,"
                + " then POST /user-agreement/acceptance with {\"version\": \"1\"}.", refused.getMessage());
        assertEquals(0, world.services.connectors().listOwnCompany(DORA, 10, null).items().stream()
                .filter(c -> c.ownerUserId().equals("dora")).count(), "nothing was created");

        agreements.accept(DORA, "1");
        assertEquals(ConnectorStatus.DRAFT, world.services.connectors().create(DORA, "Dora's CRM", null).status());
        assertEquals(ConnectorStatus.DRAFT, world.services.connectors().create(ALICE, "Alice's", null).status(),
                "the test world's authors have accepted");
    }
}
