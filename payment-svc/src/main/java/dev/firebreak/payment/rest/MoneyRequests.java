package dev.firebreak.payment.rest;

import dev.firebreak.common.text.SingleLine;
import dev.firebreak.common.validation.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Request bodies of the money-moving endpoints. Amounts are whole won. */
final class MoneyRequests {

    private MoneyRequests() {
    }

    /** Body of {@code POST /wallets/{userId}/top-ups}. */
    record TopUp(@NotNull @Positive Long amount, @Size(max = 200) @SingleLine String memo) {
    }

    /** Body of {@code POST /transfers}; the money leaves the signed-in user's wallet. */
    record Transfer(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String toUserId,
            @NotNull @Positive Long amount,
            @Size(max = 200) @SingleLine String memo) {
    }

    /** Body of {@code POST /payments}: the payer is the signed-in user, or the rider a charging service names. */
    record Payment(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String payerId,
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String merchantId,
            @NotNull @Positive Long amount,
            @NotBlank @Size(max = 200) @SingleLine String reference) {
    }
}
