package dev.firebreak.messaging.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.paging.Page;
import dev.firebreak.common.security.Caller;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.identity.Roles;
import dev.firebreak.messaging.model.Message;
import dev.firebreak.messaging.model.MessageKind;
import dev.firebreak.messaging.model.Room;
import dev.firebreak.messaging.model.Unread;
import dev.firebreak.messaging.service.ChatMoneyService;
import dev.firebreak.messaging.service.MessageService;
import dev.firebreak.messaging.service.NewMessage;
import dev.firebreak.messaging.service.RoomService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rooms, members, messages, read positions and money in chat, always as the signed-in user; a
 * room the user is not in answers 404, as if it did not exist.
 */
@Path("/rooms/{roomId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rooms")
@RolesAllowed(Roles.USER)
public class RoomResource {

    private final RoomService rooms;
    private final MessageService messages;
    private final ChatMoneyService money;
    private final Caller caller;

    public RoomResource(RoomService rooms, MessageService messages, ChatMoneyService money, Caller caller) {
        this.rooms = rooms;
        this.messages = messages;
        this.money = money;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a group room (201), or return the existing room of that id (200)")
    public Response create(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @Valid @NotNull ChatRequests.CreateRoom request) {
        return Responses.createdOrExisting(rooms.create(roomId, request.name(), caller.id(), request.members()),
                URI.create("/rooms/" + roomId));
    }

    @GET
    @Operation(summary = "One of your rooms, with its members")
    public Room get(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId) {
        return rooms.get(roomId, caller.id());
    }

    @PUT
    @Path("/members/{userId}")
    @Operation(summary = "Add a member to a room you are in (201), or confirm membership (200)")
    public Response addMember(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId) {
        return Responses.createdOrExisting(rooms.addMember(roomId, userId, caller.id()), URI.create("/rooms/" + roomId));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message; resending the same clientMessageId returns the original")
    public Response send(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @Valid @NotNull ChatRequests.SendMessage request) {
        var outcome = messages.post(new NewMessage(roomId, caller.id(), request.clientMessageId(), MessageKind.TEXT,
                request.text(), null, null));
        return Responses.created(outcome, URI.create("/rooms/" + roomId + "/messages?before=" + (outcome.value().seq() + 1)));
    }

    @GET
    @Path("/messages")
    @Operation(summary = "History of a room you are in, newest first; pass nextCursor back as before= for older messages")
    public Page<Message> history(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @QueryParam("before") @Positive Long before,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return messages.history(roomId, caller.id(), before, limit);
    }

    @POST
    @Path("/read")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark the room read up to seq; returns the user's unread counts")
    public Unread markRead(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @Valid @NotNull ChatRequests.MarkRead request) {
        return messages.markRead(roomId, caller.id(), request.seq());
    }

    @POST
    @Path("/money")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send money to a member through payment-svc and post it; idempotent by clientMessageId")
    public Response sendMoney(@PathParam("roomId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String roomId,
            @Valid @NotNull ChatRequests.SendMoney request) {
        var outcome = money.send(roomId, caller.id(), request.recipientId(), request.amount(),
                request.clientMessageId(), request.memo());
        return Responses.created(outcome, URI.create("/rooms/" + roomId + "/messages?before=" + (outcome.value().seq() + 1)));
    }
}
