package dev.firebreak.messaging.account;

import dev.firebreak.common.text.SingleLine;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.messaging.model.User;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign up and sign in: the only endpoints anyone may call without a token. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
@PermitAll
public class AccountResource {

    /** Body of {@code POST /accounts}. */
    public record SignUp(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @NotBlank @Size(max = 50) @SingleLine String displayName,
            @NotNull @Size(min = 8, max = 72) String password) {
    }

    /** Body of {@code POST /sessions}. */
    public record SignIn(
            @NotNull @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @NotNull @Size(min = 8, max = 72) String password) {
    }

    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @Path("accounts")
    @Operation(summary = "Sign up: create a user with a password (8-72 characters)")
    public Response signUp(@Valid @NotNull SignUp request) {
        User user = accounts.signUp(request.userId(), request.displayName(), request.password());
        return Response.created(URI.create("/users/" + user.userId())).entity(user).build();
    }

    @POST
    @Path("sessions")
    @Operation(summary = "Sign in: returns a short-lived bearer access token (JWT) every service accepts")
    public Session signIn(@Valid @NotNull SignIn request) {
        return accounts.signIn(request.userId(), request.password());
    }
}
