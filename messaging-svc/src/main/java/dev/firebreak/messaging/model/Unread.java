package dev.firebreak.messaging.model;

import java.util.List;

/** A user's unread messages: per room (rooms with none are left out) and in total. */
public record Unread(String userId, long total, List<RoomUnread> rooms) {

    /** Unread messages in one room. */
    public record RoomUnread(String roomId, String name, long unread, long lastSeq) {
    }
}
