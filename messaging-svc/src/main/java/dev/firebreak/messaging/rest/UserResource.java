package dev.firebreak.messaging.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.security.Caller;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.identity.Roles;
import dev.firebreak.messaging.model.Unread;
import dev.firebreak.messaging.model.User;
import dev.firebreak.messaging.service.MessageService;
import dev.firebreak.messaging.service.UserService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Profiles (any signed-in user may look one up) and your own unread counts. */
@Path("/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@RolesAllowed(Roles.USER)
public class UserResource {

    private final UserService users;
    private final MessageService messages;
    private final Caller caller;

    public UserResource(UserService users, MessageService messages, Caller caller) {
        this.users = users;
        this.messages = messages;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change your display name (accounts are made with POST /accounts)")
    public Response put(@PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @Valid @NotNull ChatRequests.PutUser request) {
        caller.mustBe(userId, "user", false);
        return Responses.createdOrExisting(users.put(userId, request.displayName()), URI.create("/users/" + userId));
    }

    @GET
    @Operation(summary = "One user")
    public User get(@PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId) {
        return users.get(userId);
    }

    @GET
    @Path("/unread")
    @Operation(summary = "Your unread messages per room and in total")
    public Unread unread(@PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId) {
        caller.mustBe(userId, "user", false);
        return messages.unread(userId);
    }
}
