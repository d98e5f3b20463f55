package dev.firebreak.taxi.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** What taxi keeps of payment-svc's answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentResult(UUID transferId) {
}
