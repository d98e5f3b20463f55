package dev.firebreak.taxi.client;

/** Body of payment-svc's {@code POST /payments}: the rider pays the fare to the taxi merchant. */
public record ChargeRequest(String payerId, String merchantId, long amount, String reference) {
}
