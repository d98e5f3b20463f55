package dev.firebreak.status.model;

import java.time.Instant;

/**
 * Something the installation's operators must do before it hurts users, shown on the page for
 * engineers: today, a service identity (a service token, minted for 30 days at setup) that expires
 * within {@code status.identity-warning} or has expired.
 */
public record OperatorNotice(String kind, String service, String region, Instant expiresAt, boolean expired, String message) {
}
