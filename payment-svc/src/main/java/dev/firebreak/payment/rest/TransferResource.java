package dev.firebreak.payment.rest;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.common.security.Caller;
import dev.firebreak.identity.Roles;
import dev.firebreak.payment.config.PaymentConfig;
import dev.firebreak.payment.model.LedgerAudit;
import dev.firebreak.payment.model.Transfer;
import dev.firebreak.payment.service.TransferService;
import jakarta.annotation.security.RolesAllowed;
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
    private final Caller caller;
    private final PaymentConfig config;

    public TransferResource(TransferService transfers, Caller caller, PaymentConfig config) {
        this.transfers = transfers;
        this.caller = caller;
        this.config = config;
    }

    @POST
    @Path("transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.USER)
    @Operation(summary = "Send money from your wallet to another; idempotent by the Idempotency-Key header")
    public Response transfer(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull MoneyRequests.Transfer request) {
        var outcome = transfers.transfer(caller.key(idempotencyKey), caller.id(), request.toUserId(),
                request.amount(), request.memo());
        return Responses.created(outcome, URI.create("/transfers/" + outcome.value().transferId()));
    }

    @POST
    @Path("payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.USER, Roles.CHARGE_RIDES})
    @Operation(summary = "Pay a merchant from your wallet, or (a charging service) charge a rider's fare; idempotent by the Idempotency-Key header")
    public Response pay(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull MoneyRequests.Payment request) {
        ScopedKey key = caller.key(idempotencyKey);
        if (caller.is(Roles.CHARGE_RIDES)) {
            checkRideCharge(key, request);
        } else {
            caller.mustBe(request.payerId(), "wallet", false);
        }
        var outcome = transfers.pay(key, request.payerId(), request.merchantId(),
                request.amount(), request.reference());
        return Responses.created(outcome, URI.create("/transfers/" + outcome.value().transferId()));
    }

    /**
     * A charging service (taxi-svc) acts for no user, so its token is held to what it is for:
     * its own merchant, ride fares under a {@code ride:} key, and at most a fare's worth.
     */
    private void checkRideCharge(ScopedKey key, MoneyRequests.Payment request) {
        String merchant = caller.claim(Roles.MERCHANT_CLAIM).orElse("");
        if (!merchant.equals(request.merchantId())) {
            throw Problem.of(403, "charge-not-allowed", "Charge not allowed")
                    .detail("This service may only charge to merchant '" + merchant + "'.").exception();
        }
        if (!key.key().startsWith("ride:")) {
            throw Problem.of(403, "charge-not-allowed", "Charge not allowed")
                    .detail("A ride charge's Idempotency-Key must be ride:<rideId>.").exception();
        }
        if (request.amount() > config.maxRideFare()) {
            throw Problem.of(422, "fare-too-large", "Fare too large")
                    .detail("A ride fare may be at most " + config.maxRideFare() + " won.")
                    .with("maxRideFare", config.maxRideFare()).exception();
        }
    }

    @GET
    @Path("transfers/{transferId}")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Operation(summary = "One of your transfers")
    public Transfer get(@PathParam("transferId") UUID transferId) {
        Transfer transfer = transfers.find(transferId);
        if (!caller.isAdmin() && !caller.id().equals(transfer.from()) && !caller.id().equals(transfer.to())) {
            throw ProblemException.notFound("transfer", transferId);
        }
        return transfer;
    }

    @GET
    @Path("ledger/audit")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Check every ledger invariant over every row (money conserved, no overdraft, entries balance)")
    public LedgerAudit audit() {
        return transfers.audit();
    }
}
