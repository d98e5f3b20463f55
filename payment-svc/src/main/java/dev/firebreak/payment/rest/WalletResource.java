package dev.firebreak.payment.rest;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.paging.Page;
import dev.firebreak.common.security.Caller;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.identity.Roles;
import dev.firebreak.payment.model.LedgerEntry;
import dev.firebreak.payment.model.Wallet;
import dev.firebreak.payment.service.TransferService;
import dev.firebreak.payment.service.WalletService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/** Wallets: open, balance, history, top-up. Each user sees and moves only their own. */
@Path("/wallets/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "wallets")
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class WalletResource {

    private final WalletService wallets;
    private final TransferService transfers;
    private final Caller caller;

    public WalletResource(WalletService wallets, TransferService transfers, Caller caller) {
        this.wallets = wallets;
        this.transfers = transfers;
        this.caller = caller;
    }

    @PUT
    @Operation(summary = "Open the user's wallet (201), or return it if it is open (200)")
    public Response open(@PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId) {
        caller.mustBe(userId, "wallet", false);
        return Responses.createdOrExisting(wallets.open(userId), URI.create("/wallets/" + userId));
    }

    @GET
    @Operation(summary = "Balance of the user's wallet")
    public Wallet get(@PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId) {
        caller.mustBe(userId, "wallet", true);
        return wallets.get(userId);
    }

    @GET
    @Path("/transactions")
    @Operation(summary = "The wallet's ledger entries, newest first; pass nextCursor back as before= for the next page")
    public Page<LedgerEntry> history(
            @PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @QueryParam("before") @PositiveOrZero Long before,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        caller.mustBe(userId, "wallet", true);
        return wallets.history(userId, before, limit);
    }

    @POST
    @Path("/top-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add money from outside; idempotent by the Idempotency-Key header")
    public Response topUp(
            @PathParam("userId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String userId,
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull MoneyRequests.TopUp request) {
        caller.mustBe(userId, "wallet", false);
        var outcome = transfers.topUp(caller.key(idempotencyKey), userId, request.amount(), request.memo());
        return Responses.created(outcome, URI.create("/transfers/" + outcome.value().transferId()));
    }
}
