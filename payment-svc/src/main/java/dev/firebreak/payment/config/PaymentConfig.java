package dev.firebreak.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** payment-svc settings ({@code payment.*}). */
@ConfigMapping(prefix = "payment")
public interface PaymentConfig {

    /** Largest amount, in won, one top-up, transfer or payment may move. */
    @WithDefault("100000000")
    long maxAmount();

    /** Largest fare, in won, a charging service (taxi-svc) may take from a rider in one payment. */
    @WithDefault("300000")
    long maxRideFare();
}
