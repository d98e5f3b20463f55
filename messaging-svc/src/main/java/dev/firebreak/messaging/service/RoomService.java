package dev.firebreak.messaging.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.messaging.model.Room;
import dev.firebreak.messaging.repository.RoomRepository;
import dev.firebreak.messaging.repository.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Group rooms and their members. */
@ApplicationScoped
public class RoomService {

    /** Room ids with this prefix are the per-user notice rooms that {@link NoticeService} owns. */
    public static final String NOTICE_ROOM_PREFIX = "notices.";

    private final Transactions tx;
    private final RoomRepository rooms;
    private final UserRepository users;

    public RoomService(Transactions tx, RoomRepository rooms, UserRepository users) {
        this.tx = tx;
        this.rooms = rooms;
        this.users = users;
    }

    /**
     * Creates a group room with its creator and members (applied), or returns the existing room
     * of that id unchanged (replayed) to a member of it: creating is idempotent by the client-chosen
     * room id. To anyone else a room that exists is "not found", as everywhere: its name, creator and
     * members are its members' business.
     */
    public Outcome<Room> create(String roomId, String name, String createdBy, List<String> members) {
        if (roomId.startsWith(NOTICE_ROOM_PREFIX)) {
            throw ProblemException.unprocessable("reserved-room-id", "Reserved room id",
                    "Room ids starting with '" + NOTICE_ROOM_PREFIX + "' are reserved for service notices.");
        }
        Set<String> everyone = new LinkedHashSet<>();
        everyone.add(createdBy);
        everyone.addAll(members);
        return tx.write(c -> {
            var existing = rooms.find(c, roomId);
            if (existing.isPresent()) {
                return Outcome.replayed(visibleTo(existing.get(), createdBy));
            }
            List<String> missing = users.missing(c, everyone);
            if (!missing.isEmpty()) {
                throw Problem.of(422, "unknown-users", "Unknown users")
                        .detail("These users do not exist: " + String.join(", ", missing) + ".")
                        .with("userIds", missing)
                        .exception();
            }
            if (!rooms.create(c, roomId, name, "GROUP", createdBy)) {
                return Outcome.replayed(visibleTo(rooms.find(c, roomId).orElseThrow(), createdBy));
            }
            for (String member : everyone) {
                rooms.addMember(c, roomId, member);
            }
            return Outcome.applied(rooms.find(c, roomId).orElseThrow());
        });
    }

    private static Room visibleTo(Room room, String callerId) {
        if (!room.members().contains(callerId)) {
            throw Problem.of(404, "room-not-found", "Room not found")
                    .detail("No room with id '" + room.roomId() + "' that you are in exists; to create a room, choose another id.")
                    .with("roomId", room.roomId())
                    .exception();
        }
        return room;
    }

    /** The room, if {@code callerId} is in it; otherwise 404, as if it did not exist. */
    public Room get(String roomId, String callerId) {
        return tx.read(c -> rooms.find(c, roomId).filter(r -> r.members().contains(callerId)))
                .orElseThrow(() -> ProblemException.notFound("room", roomId));
    }

    /** A member adds {@code userId} (applied), or it already was one (replayed). */
    public Outcome<Room> addMember(String roomId, String userId, String callerId) {
        return tx.write(c -> {
            Room room = rooms.find(c, roomId).filter(r -> r.members().contains(callerId))
                    .orElseThrow(() -> ProblemException.notFound("room", roomId));
            if (!"GROUP".equals(room.kind())) {
                throw ProblemException.conflict("not-a-group-room", "Not a group room", "Members cannot be added to a notice room.");
            }
            if (users.find(c, userId).isEmpty()) {
                throw ProblemException.notFound("user", userId);
            }
            boolean added = rooms.addMember(c, roomId, userId);
            Room updated = rooms.find(c, roomId).orElseThrow();
            return added ? Outcome.applied(updated) : Outcome.replayed(updated);
        });
    }
}
