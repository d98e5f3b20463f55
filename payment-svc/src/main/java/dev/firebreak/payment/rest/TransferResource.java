package dev.firebreak.payment.rest;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.payment.model.LedgerAudit;
import dev.firebreak.payment.model.Transfer;
import dev.firebreak.payment.service.TransferService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Moving money between wallets and to merchants, and auditing the ledger. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transfers")
public class TransferResource {

    private final TransferService transfers;

    public TransferResource(TransferService transfers) {
        this.transfers = transfers;
    }

    @POST
    @Path("transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send money from one wallet to another; idempotent by the Idempotency-Key header")
    public Response transfer(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull MoneyRequests.Transfer request) {
        var outcome = transfers.transfer(IdempotencyKeys.require(idempotencyKey), request.fromUserId(), request.toUserId(),
                request.amount(), request.memo());
        return Responses.created(outcome, URI.create("/transfers/" + outcome.value().transferId()));
    }

    @POST
    @Path("payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay a merchant from a wallet; idempotent by the Idempotency-Key header")
    public Response pay(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull MoneyRequests.Payment request) {
        var outcome = transfers.pay(IdempotencyKeys.require(idempotencyKey), request.payerId(), request.merchantId(),
                request.amount(), request.reference());
        return Responses.created(outcome, URI.create("/transfers/" + outcome.value().transferId()));
    }

    @GET
    @Path("transfers/{transferId}")
    @Operation(summary = "One transfer")
    public Transfer get(@PathParam("transferId") UUID transferId) {
        return transfers.find(transferId);
    }

    @GET
    @Path("ledger/audit")
    @Operation(summary = "Check every ledger invariant over every row (money conserved, no overdraft, entries balance)")
    public LedgerAudit audit() {
        return transfers.audit();
    }
}
