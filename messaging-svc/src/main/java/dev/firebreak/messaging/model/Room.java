package dev.firebreak.messaging.model;

import java.time.OffsetDateTime;
import java.util.List;

/** A chat room: GROUP rooms are made by users; a NOTICE room carries service notices to one user. */
public record Room(String roomId, String name, String kind, String createdBy, long lastSeq, List<String> members,
        OffsetDateTime createdAt) {
}
