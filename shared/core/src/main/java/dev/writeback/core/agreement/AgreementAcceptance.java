package dev.writeback.core.agreement;

import java.time.Instant;

/** A user's acceptance of one version of the user agreement. */
public record AgreementAcceptance(String version, Instant acceptedAt) {
}
