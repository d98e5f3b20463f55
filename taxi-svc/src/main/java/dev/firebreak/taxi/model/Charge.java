package dev.firebreak.taxi.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The state of a ride's fare charge, read from its outbox entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Charge(Status status, long amount, int attempts, String transferId, String lastError) {

    /** PENDING: waiting in the outbox; SETTLED: paid; FAILED: refused by payment-svc (e.g. insufficient funds). */
    public enum Status { PENDING, SETTLED, FAILED }
}
