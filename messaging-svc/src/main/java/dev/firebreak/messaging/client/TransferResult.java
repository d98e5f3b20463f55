package dev.firebreak.messaging.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** What chat keeps of payment-svc's answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferResult(UUID transferId, long amount) {
}
