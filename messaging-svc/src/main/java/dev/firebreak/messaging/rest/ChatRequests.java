package dev.firebreak.messaging.rest;

import dev.firebreak.common.text.SingleLine;
import dev.firebreak.common.validation.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request bodies of messaging-svc. */
final class ChatRequests {

    /** A client message id: 1 to 64 visible ASCII characters, e.g. a UUID. */
    static final String CLIENT_ID = "[\\x21-\\x7E]{1,64}";
    static final String CLIENT_ID_MESSAGE = "must be 1-64 visible ASCII characters (a UUID is a good choice)";

    private ChatRequests() {
    }

    /** Body of {@code PUT /users/{userId}}. */
    record PutUser(@NotBlank @Size(max = 50) @SingleLine String displayName) {
    }

    /** Body of {@code PUT /rooms/{roomId}}; the signed-in user creates it and is a member. */
    record CreateRoom(
            @NotBlank @Size(max = 100) @SingleLine String name,
            @NotNull @Size(max = 100) List<@NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String> members) {
    }

    /** Body of {@code POST /rooms/{roomId}/messages}; the sender is the signed-in user. */
    record SendMessage(
            @NotNull @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientMessageId,
            @NotBlank @Size(max = 4000) String text) {
    }

    /** Body of {@code POST /rooms/{roomId}/money}; the money leaves the signed-in user's wallet. */
    record SendMoney(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String recipientId,
            @NotNull @Positive Long amount,
            @NotNull @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientMessageId,
            @Size(max = 200) @SingleLine String memo) {
    }

    /** Body of {@code POST /rooms/{roomId}/read}: the signed-in user has read up to {@code seq}. */
    record MarkRead(@NotNull @PositiveOrZero Long seq) {
    }

    /** Body of {@code POST /notices}. */
    record Notice(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String from,
            @NotNull @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientMessageId,
            @NotBlank @Size(max = 1000) String text) {
    }
}
