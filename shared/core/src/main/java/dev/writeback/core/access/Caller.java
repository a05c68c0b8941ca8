package dev.writeback.core.access;

import dev.writeback.core.error.UnauthorizedException;
import java.util.Objects;
import java.util.Set;

/** Who makes a request: their company, their user id and their roles (from the authorizer's JWT claims). */
public record Caller(String companyId, String userId, Set<Role> roles) {
    public Caller {
        if (companyId == null || companyId.isBlank() || userId == null || userId.isBlank()) {
            throw new UnauthorizedException("The request does not say which company and user it is for.");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean inCompany(String company) {
        return Objects.equals(companyId, company);
    }
}
