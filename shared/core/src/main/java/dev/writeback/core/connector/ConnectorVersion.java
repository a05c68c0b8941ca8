package dev.writeback.core.connector;

import dev.writeback.core.Ordered;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of a connector: everything a job needs to run it. A PUBLISHED version never
 * changes; editing a published connector starts the next version as a DRAFT.
 *
 * @param icons the icon kinds uploaded for this version, in {@link IconKind}'s order
 * @param scripts the script kinds stored for this version, in {@link ScriptKind}'s order
 * @param files the content digest of each stored file ({@code process.js}, {@code icon.png}, …), by file name: a file's
 *              blob is addressed by its digest, so what a submitted or published version names never changes
 * @param submittedBy the user who submitted this version for review, while it is submitted or after review
 * @param revision the stored revision (optimistic concurrency), not part of the document
 * @param saveDatabaseBetweenRuns Domo's "Save Database Between Runs": each job's scratch database ({@code sql})
 *                                is kept from one successful run to the next; otherwise every run starts empty
 * @param testCredentials while submitted: {@code account} or {@code fields}, what the submitter gave reviewers to
 *                        test-run it with (kept in the vault, never shown), or null
 */
public record ConnectorVersion(String connectorId, int version, ConnectorStatus status, Visibility visibility,
                               String companyId, String ownerUserId, String name, String description,
                               VerifiedDomoClient domo, Authentication authentication, List<String> reports,
                               List<Parameter> parameters, Set<IconKind> icons, Set<ScriptKind> scripts,
                               Map<String, String> files, Instant createdAt, Instant updatedAt, Instant submittedAt,
                               String submittedBy, Review review, long revision, boolean saveDatabaseBetweenRuns,
                               String testCredentials) {
    public ConnectorVersion {
        files = Ordered.byKey(files);
        authentication = authentication == null ? Authentication.none() : authentication;
        reports = reports == null ? List.of() : List.copyOf(reports);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        icons = Ordered.enums(icons, IconKind.class);
        scripts = Ordered.enums(scripts, ScriptKind.class);
    }

    /** A version nobody has submitted yet. */
    public ConnectorVersion(String connectorId, int version, ConnectorStatus status, Visibility visibility,
                            String companyId, String ownerUserId, String name, String description, VerifiedDomoClient domo,
                            Authentication authentication, List<String> reports, List<Parameter> parameters,
                            Set<IconKind> icons, Set<ScriptKind> scripts, Instant createdAt, Instant updatedAt,
                            Instant submittedAt, Review review, long revision) {
        this(connectorId, version, status, visibility, companyId, ownerUserId, name, description, domo, authentication,
                reports, parameters, icons, scripts, Map.of(), createdAt, updatedAt, submittedAt, null, review, revision, false, null);
    }

    public boolean editable() {
        return status == ConnectorStatus.DRAFT || status == ConnectorStatus.REJECTED;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a version so a use case can change a few fields. */
    public static final class Builder {
        private String connectorId;
        private int version;
        private ConnectorStatus status;
        private Visibility visibility;
        private String companyId;
        private String ownerUserId;
        private String name;
        private String description;
        private VerifiedDomoClient domo;
        private Authentication authentication;
        private List<String> reports;
        private List<Parameter> parameters;
        private Set<IconKind> icons;
        private Set<ScriptKind> scripts;
        private Map<String, String> files;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant submittedAt;
        private String submittedBy;
        private Review review;
        private long revision;
        private boolean saveDatabaseBetweenRuns;
        private String testCredentials;

        private Builder(ConnectorVersion v) {
            connectorId = v.connectorId;
            version = v.version;
            status = v.status;
            visibility = v.visibility;
            companyId = v.companyId;
            ownerUserId = v.ownerUserId;
            name = v.name;
            description = v.description;
            domo = v.domo;
            authentication = v.authentication;
            reports = v.reports;
            parameters = v.parameters;
            icons = v.icons;
            scripts = v.scripts;
            files = v.files;
            createdAt = v.createdAt;
            updatedAt = v.updatedAt;
            submittedAt = v.submittedAt;
            submittedBy = v.submittedBy;
            review = v.review;
            revision = v.revision;
            saveDatabaseBetweenRuns = v.saveDatabaseBetweenRuns;
            testCredentials = v.testCredentials;
        }

        public Builder version(int value) { version = value; return this; }
        public Builder status(ConnectorStatus value) { status = value; return this; }
        public Builder visibility(Visibility value) { visibility = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder domo(VerifiedDomoClient value) { domo = value; return this; }
        public Builder authentication(Authentication value) { authentication = value; return this; }
        public Builder reports(List<String> value) { reports = value; return this; }
        public Builder parameters(List<Parameter> value) { parameters = value; return this; }
        public Builder icons(Set<IconKind> value) { icons = value; return this; }
        public Builder scripts(Set<ScriptKind> value) { scripts = value; return this; }
        public Builder files(Map<String, String> value) { files = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder submittedAt(Instant value) { submittedAt = value; return this; }
        public Builder submittedBy(String value) { submittedBy = value; return this; }
        public Builder review(Review value) { review = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        public Builder saveDatabaseBetweenRuns(boolean value) { saveDatabaseBetweenRuns = value; return this; }
        public Builder testCredentials(String value) { testCredentials = value; return this; }

        public ConnectorVersion build() {
            return new ConnectorVersion(connectorId, version, status, visibility, companyId, ownerUserId, name,
                    description, domo, authentication, reports, parameters, icons, scripts, files, createdAt, updatedAt,
                    submittedAt, submittedBy, review, revision, saveDatabaseBetweenRuns, testCredentials);
        }
    }
}
