package dev.firebreak.messaging.model;

import java.time.OffsetDateTime;

/** A KakaoTalk user (or a system sender such as {@code kakao-t}). */
public record User(String userId, String displayName, OffsetDateTime createdAt) {
}
