package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpApiRequest;
import dev.writeback.api.HttpReply;
import dev.writeback.core.account.SubmitForReview;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.IconKind;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.VersionListings;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The connector author's and reviewer's routes. */
final class ConnectorRoutes {
    private final ConnectorService connectors;
    private final SubmitForReview submissions;
    private final VersionListings listings;

    ConnectorRoutes(ConnectorService connectors, SubmitForReview submissions, VersionListings listings) {
        this.connectors = connectors;
        this.submissions = submissions;
        this.listings = listings;
    }

    record CreateConnector(String name, String description) {
    }

    record UpdateConnector(String name, String description, List<String> reports, List<Parameter> parameters,
                           Boolean saveDatabaseBetweenRuns) {
    }

    record DomoClientRequest(String clientKey, String clientSecret) {
    }

    record AuthenticationRequest(Authentication authentication, String clientSecret) {
    }

    record SubmitRequest(Visibility visibility, String testAccountId, Map<String, String> testFields) {
    }

    record RejectRequest(String reason) {
    }

    void register(HttpApi api) {
        api.route("POST", "/connectors", this::create)
                .route("GET", "/connectors", this::list)
                .route("GET", "/connectors/{id}", r -> version(connectors.get(r.caller(), r.pathParameter("id"))))
                .route("PATCH", "/connectors/{id}", this::update)
                .route("DELETE", "/connectors/{id}", r -> {
                    connectors.delete(r.caller(), r.pathParameter("id"));
                    return HttpReply.noContent();
                })
                .route("GET", "/connectors/{id}/versions", r -> HttpReply.ok(listings.versions(r.caller(),
                        r.pathParameter("id"), r.intQuery("limit", 25), r.query().get("cursor"))))
                .route("GET", "/reviews", r -> HttpReply.ok(listings.reviewQueue(r.caller(), r.intQuery("limit", 25),
                        r.query().get("cursor"))))
                .route("GET", "/connectors/{id}/versions/{version}", r -> version(connectors.getVersion(r.caller(),
                        r.pathParameter("id"), versionNumber(r.pathParameter("version")))))
                .route("PUT", "/connectors/{id}/icons/{kind}", r -> version(connectors.putIcon(r.caller(),
                        r.pathParameter("id"), IconKind.fromSlug(r.pathParameter("kind")), r.body())))
                .route("GET", "/connectors/{id}/icons/{kind}", r -> HttpReply.bytes(200, "image/png",
                        connectors.getIcon(r.caller(), r.pathParameter("id"), IconKind.fromSlug(r.pathParameter("kind")))))
                .route("PUT", "/connectors/{id}/domo-client", r -> {
                    DomoClientRequest body = r.json(DomoClientRequest.class);
                    return version(connectors.setDomoClient(r.caller(), r.pathParameter("id"), body.clientKey(),
                            body.clientSecret()));
                })
                .route("PUT", "/connectors/{id}/authentication", r -> {
                    AuthenticationRequest body = r.json(AuthenticationRequest.class);
                    return version(connectors.setAuthentication(r.caller(), r.pathParameter("id"),
                            body.authentication(), body.clientSecret()));
                })
                .route("PUT", "/connectors/{id}/scripts/{kind}", r -> version(connectors.putScript(r.caller(),
                        r.pathParameter("id"), scriptKind(r.pathParameter("kind")), r.bodyText())))
                .route("GET", "/connectors/{id}/scripts/{kind}", r -> HttpReply.text(200,
                        "application/javascript; charset=utf-8",
                        connectors.getScript(r.caller(), r.pathParameter("id"), scriptKind(r.pathParameter("kind")))))
                .route("GET", "/connectors/{id}/versions/{version}/scripts/{kind}", this::versionScript)
                .route("POST", "/connectors/{id}/submit", r -> {
                    SubmitRequest body = r.body().length == 0 ? new SubmitRequest(null, null, null)
                            : r.json(SubmitRequest.class);
                    return version(submissions.submit(r.caller(), r.pathParameter("id"), body.visibility(),
                            body.testAccountId(), body.testFields()));
                })
                .route("POST", "/connectors/{id}/withdraw", r -> version(connectors.withdraw(r.caller(), r.pathParameter("id"))))
                .route("POST", "/connectors/{id}/approve", r -> version(connectors.approve(r.caller(), r.pathParameter("id"))))
                .route("POST", "/connectors/{id}/reject", r -> version(connectors.reject(r.caller(), r.pathParameter("id"),
                        r.json(RejectRequest.class).reason())));
    }

    private HttpReply versionScript(HttpApiRequest r) {
        String id = r.pathParameter("id");
        int number = versionNumber(r.pathParameter("version"));
        ScriptKind kind = scriptKind(r.pathParameter("kind"));
        ConnectorVersion v = connectors.getVersion(r.caller(), id, number);
        String script = connectors.readScript(v, kind).orElseThrow(() -> new NotFoundException(
                "Version " + number + " of connector " + id + " has no " + kind.fileName() + "."));
        return HttpReply.text(200, "application/javascript; charset=utf-8", script);
    }

    private HttpReply create(HttpApiRequest r) {
        CreateConnector body = r.json(CreateConnector.class);
        ConnectorVersion v = connectors.create(r.caller(), body.name(), body.description());
        return HttpReply.created("/connectors/" + v.connectorId(), v).withHeader("etag", etag(v));
    }

    private HttpReply list(HttpApiRequest r) {
        String scope = r.query().getOrDefault("scope", "company");
        int limit = r.intQuery("limit", 25);
        String cursor = r.query().get("cursor");
        return switch (scope) {
            case "company" -> HttpReply.ok(connectors.listOwnCompany(r.caller(), limit, cursor));
            case "public" -> {
                r.caller();
                yield HttpReply.ok(connectors.listPublic(limit, cursor));
            }
            default -> throw new InvalidInputException("scope must be 'company' or 'public', not '" + scope + "'.");
        };
    }

    private HttpReply update(HttpApiRequest r) {
        UpdateConnector body = r.json(UpdateConnector.class);
        Long expected = ifMatch(r.header("if-match"));
        return version(connectors.update(r.caller(), r.pathParameter("id"), expected, body.name(), body.description(),
                body.reports(), body.parameters(), body.saveDatabaseBetweenRuns()));
    }

    private static HttpReply version(ConnectorVersion v) {
        return HttpReply.ok(v).withHeader("etag", etag(v));
    }

    private static String etag(ConnectorVersion v) {
        return "\"" + v.revision() + "\"";
    }

    private static Long ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.replace("W/", "").replace("\"", "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match must be the ETag of the connector as read, e.g. \"3\".");
        }
    }

    private static int versionNumber(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("A version is a whole number, not '" + s + "'.");
        }
    }

    private static ScriptKind scriptKind(String s) {
        try {
            return ScriptKind.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Unknown script '" + s + "'; use auth, process or discovery.");
        }
    }
}
