package dev.writeback.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.error.UnauthorizedException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling: from the HTTP API's JWT authorizer claims — {@code sub}, {@code company_id},
 * and roles from {@code roles} (a space- or comma-separated list) or {@code cognito:groups}. These
 * claims must be set by the identity provider, never by users themselves (in Cognito: a
 * pre-token-generation trigger and groups — not {@code custom:} attributes, which users may be able to
 * change). In local mode only, the caller comes from the {@code x-writeback-company},
 * {@code x-writeback-user} and {@code x-writeback-roles} headers.
 */
public final class CallerResolver {
    public static final String COMPANY_HEADER = "x-writeback-company";
    public static final String USER_HEADER = "x-writeback-user";
    public static final String ROLES_HEADER = "x-writeback-roles";

    private final boolean trustHeaders;

    private CallerResolver(boolean trustHeaders) {
        this.trustHeaders = trustHeaders;
    }

    /** Production: callers come from the authorizer's verified claims only. */
    public static CallerResolver fromJwtClaims() {
        return new CallerResolver(false);
    }

    /** Local mode: headers are trusted when there are no claims. Never use behind a public endpoint. */
    public static CallerResolver trustingHeaders() {
        return new CallerResolver(true);
    }

    /** Chosen by {@code WRITEBACK_TRUST_CALLER_HEADERS=true} (set only by the embedded default). */
    public static CallerResolver fromEnvironment() {
        return "true".equalsIgnoreCase(System.getenv("WRITEBACK_TRUST_CALLER_HEADERS")) ? trustingHeaders() : fromJwtClaims();
    }

    /** Whether callers may name themselves with the local headers (the embedded default). */
    public boolean trustsHeaders() {
        return trustHeaders;
    }

    public Caller resolve(APIGatewayV2HTTPEvent event, Map<String, String> headers) {
        Map<String, String> claims = claims(event);
        if (claims != null && claims.get("sub") != null) {
            String company = claims.get("company_id");
            String roles = first(claims, "roles", "cognito:groups");
            return new Caller(company, claims.get("sub"), roles(roles));
        }
        if (trustHeaders) {
            return new Caller(headers.get(COMPANY_HEADER), headers.get(USER_HEADER), roles(headers.get(ROLES_HEADER)));
        }
        throw new UnauthorizedException("The request carries no verified identity (JWT claims with sub and company_id).");
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null) {
            return null;
        }
        return event.getRequestContext().getAuthorizer().getJwt().getClaims();
    }

    private static String first(Map<String, String> claims, String... names) {
        for (String n : names) {
            if (claims.get(n) != null) {
                return claims.get(n);
            }
        }
        return null;
    }

    static Set<Role> roles(String value) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (value == null) {
            return roles;
        }
        for (String r : value.replaceAll("[\\[\\]\"]", "").split("[,\\s]+")) {
            if (r.isBlank()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(r.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknownRoleIsIgnored) {
                // roles of other applications in the same identity pool mean nothing here
            }
        }
        return roles;
    }
}
