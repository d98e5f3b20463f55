package dev.firebreak.taxi.client;

/** Body of messaging-svc's {@code POST /notices}; idempotent by (from, clientMessageId). */
public record NoticeRequest(String userId, String from, String clientMessageId, String text) {
}
