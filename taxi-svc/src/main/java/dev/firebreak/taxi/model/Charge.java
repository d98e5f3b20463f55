package dev.firebreak.taxi.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The state of a ride's fare charge, read from its outbox entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Charge(Status status, long amount, int attempts, String transferId, String lastError) {

    /**
     * PENDING: waiting in the outbox (payment-svc unavailable, or still being delivered); SETTLED:
     * paid; UNPAID: payment-svc refused it because of the rider (no wallet, insufficient funds), so
     * the rider owes it and must settle it ({@code POST /rides/{rideId}/settle}) before the next ride.
     */
    public enum Status { PENDING, SETTLED, UNPAID }
}
