package dev.writeback.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.error.UnauthorizedException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerResolverTest {
    private static final Map<String, String> HEADERS = Map.of(CallerResolver.COMPANY_HEADER, "acme",
            CallerResolver.USER_HEADER, "alice", CallerResolver.ROLES_HEADER, "author");

    private static Caller fromClaims(Map<String, String> claims) {
        APIGatewayV2HTTPEvent event = Events.withClaims(Events.request("GET", "/me"), claims);
        return CallerResolver.fromJwtClaims().resolve(event, Map.of());
    }

    @Test
    void theCallerComesFromTheJwtClaims() {
        assertEquals(new Caller("acme", "u-1", Set.of(Role.AUTHOR, Role.REVIEWER)),
                fromClaims(Map.of("sub", "u-1", "company_id", "acme", "roles", "author reviewer")));
        assertEquals(new Caller("acme", "u-1", Set.of()), fromClaims(Map.of("sub", "u-1", "company_id", "acme")));
    }

    @Test
    void rolesAreReadFromListsArraysAndCognitoGroups() {
        assertEquals(Set.of(Role.AUTHOR, Role.REVIEWER),
                fromClaims(Map.of("sub", "u", "company_id", "c", "roles", "[AUTHOR,REVIEWER]")).roles());
        assertEquals(Set.of(Role.AUTHOR, Role.REVIEWER),
                fromClaims(Map.of("sub", "u", "company_id", "c", "roles", "[\"author\", \"reviewer\"]")).roles());
        assertEquals(Set.of(Role.REVIEWER),
                fromClaims(Map.of("sub", "u", "company_id", "c", "cognito:groups", "[reviewer admins]")).roles());
        assertEquals(Set.of(Role.AUTHOR), fromClaims(Map.of("sub", "u", "company_id", "c", "roles", "admin, author")).roles(),
                "roles of other applications are ignored");
    }

    @Test
    void userWritableCustomAttributesNeverGrantACompanyOrARole() {
        assertEquals("The request does not say which company and user it is for.",
                assertThrows(UnauthorizedException.class,
                        () -> fromClaims(Map.of("sub", "u", "custom:company_id", "globex"))).getMessage());
        assertEquals(Set.of(), fromClaims(Map.of("sub", "u", "company_id", "c", "custom:roles", "reviewer")).roles());
    }

    @Test
    void claimsWithoutACompanyAreUnauthorized() {
        assertEquals("The request does not say which company and user it is for.",
                assertThrows(UnauthorizedException.class, () -> fromClaims(Map.of("sub", "u-1"))).getMessage());
    }

    @Test
    void headersAreTrustedOnlyInLocalMode() {
        APIGatewayV2HTTPEvent event = Events.request("GET", "/me");
        assertEquals("The request carries no verified identity (JWT claims with sub and company_id).",
                assertThrows(UnauthorizedException.class, () -> CallerResolver.fromJwtClaims().resolve(event, HEADERS)).getMessage());
        assertEquals(new Caller("acme", "alice", Set.of(Role.AUTHOR)), CallerResolver.trustingHeaders().resolve(event, HEADERS));
    }

    @Test
    void claimsWinOverHeadersEvenInLocalMode() {
        APIGatewayV2HTTPEvent event = Events.withClaims(Events.request("GET", "/me"), Map.of("sub", "u-9", "company_id", "globex"));
        assertEquals(new Caller("globex", "u-9", Set.of()), CallerResolver.trustingHeaders().resolve(event, HEADERS));
    }

    @Test
    void localModeWithoutHeadersIsStillUnauthorized() {
        assertEquals("The request does not say which company and user it is for.", assertThrows(UnauthorizedException.class,
                () -> CallerResolver.trustingHeaders().resolve(Events.request("GET", "/me"), Map.of())).getMessage());
    }
}
