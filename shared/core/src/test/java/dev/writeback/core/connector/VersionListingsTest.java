package dev.writeback.core.connector;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static dev.writeback.core.testing.TestWorld.RITA;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.Page;
import dev.writeback.core.testing.TestWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionListingsTest {
    private static final Caller VERA = new Caller("globex", "vera", Set.of(Role.REVIEWER));

    private final TestWorld world = new TestWorld();
    private final ConnectorService connectors = world.services.connectors();
    private final VersionListings listings = world.services.versionListings();

    private String submitted(Caller author, String name, Visibility visibility) {
        String id = world.completeDraft(author, name, TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        world.clock.advance(Duration.ofMinutes(1));
        connectors.submit(author, id, visibility);
        return id;
    }

    private static List<String> ids(Page<Submission> page) {
        return page.items().stream().map(Submission::connectorId).toList();
    }

    @Test
    void theQueueListsEveryPublicSubmissionAndTheReviewersOwnCompanysPrivateOnesOldestFirst() {
        String acmePrivate = submitted(ALICE, "Acme private", Visibility.PRIVATE);
        String globexPublic = submitted(GUS, "Globex public", Visibility.PUBLIC);
        String globexPrivate = submitted(GUS, "Globex private", Visibility.PRIVATE);
        String acmePublic = submitted(ALICE, "Acme public", Visibility.PUBLIC);

        Page<Submission> rita = listings.reviewQueue(RITA, 10, null);
        assertEquals(List.of(acmePrivate, globexPublic, acmePublic), ids(rita));
        Submission first = rita.items().get(0);
        assertEquals(new Submission(acmePrivate, 1, "Acme private", "acme", Visibility.PRIVATE,
                START.plus(Duration.ofMinutes(1)), "alice"), first);
        assertEquals(List.of(globexPublic, globexPrivate, acmePublic), ids(listings.reviewQueue(VERA, 10, null)));

        connectors.approve(RITA, globexPublic);
        connectors.reject(VERA, acmePublic, "Too vague");
        connectors.withdraw(GUS, globexPrivate);
        assertEquals(List.of(acmePrivate), ids(listings.reviewQueue(RITA, 10, null)), "decided and withdrawn ones leave");
        assertEquals(List.of(), ids(listings.reviewQueue(VERA, 10, null)));
    }

    @Test
    void theQueuePagesOverTheSubmissionsAReviewerMaySeeWithoutLosingAny() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted(GUS, "Globex private " + i, Visibility.PRIVATE);
            expected.add(submitted(ALICE, "Acme " + i, Visibility.PRIVATE));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Submission> page = listings.reviewQueue(RITA, 2, cursor);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(expected, seen);
        assertEquals(3, pages);
    }

    @Test
    void onlyReviewersSeeTheQueue() {
        assertEquals("Only reviewers see the queue of submitted connectors.",
                assertThrows(ForbiddenException.class, () -> listings.reviewQueue(ALICE, 10, null)).getMessage());
    }

    @Test
    void theAuthorSeesEveryVersionNewestFirstWithTheReasonOfARejectionAndOthersOnlyWhatWasPublishedPublicly() {
        String id = submitted(ALICE, "Acme CRM", Visibility.PUBLIC);
        world.clock.advance(Duration.ofMinutes(1));
        connectors.reject(VERA, id, "Say what the connector sends");
        world.clock.advance(Duration.ofMinutes(1));
        connectors.submit(ALICE, id, Visibility.PUBLIC);
        world.clock.advance(Duration.ofMinutes(1));
        connectors.approve(VERA, id);
        world.clock.advance(Duration.ofMinutes(1));
        connectors.update(ALICE, id, null, null, "v2 draft", null, null);

        List<VersionSummary> alices = listings.versions(ALICE, id, 10, null).items();
        assertEquals(2, alices.size());
        VersionSummary draft = alices.get(0);
        assertEquals(new VersionSummary(2, ConnectorStatus.DRAFT, Visibility.PUBLIC, START.plus(Duration.ofMinutes(5)),
                null, null, null), draft);
        VersionSummary published = alices.get(1);
        assertEquals(ConnectorStatus.PUBLISHED, published.status());
        assertEquals(START.plus(Duration.ofMinutes(4)), published.decidedAt());
        assertNull(published.rejectionReason(), "an approval has no reason");
        assertEquals(alices, listings.versions(BOB, id, 10, null).items(), "the whole company sees the history");
        assertEquals(List.of(published), listings.versions(GUS, id, 10, null).items());
    }

    @Test
    void aRejectedVersionShowsTheReviewersReasonToItsAuthor() {
        String id = submitted(ALICE, "Acme CRM", Visibility.PRIVATE);
        world.clock.advance(Duration.ofMinutes(1));
        connectors.reject(RITA, id, "Say what the connector sends");
        VersionSummary rejected = listings.versions(ALICE, id, 10, null).items().get(0);
        assertEquals(new VersionSummary(1, ConnectorStatus.REJECTED, Visibility.PRIVATE, START,
                START.plus(Duration.ofMinutes(1)), START.plus(Duration.ofMinutes(2)), "Say what the connector sends"), rejected);
        assertEquals("There is no connector " + id + ".",
                assertThrows(NotFoundException.class, () -> listings.versions(GUS, id, 10, null)).getMessage(),
                "a private connector does not exist for other companies");
    }
}
