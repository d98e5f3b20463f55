package dev.firebreak.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The narrow identity one service uses to call another when it does not act for a signed-in
 * user. Only services that need one have one.
 */
public record ServiceIdentity(String service, Set<String> roles, Map<String, Object> claims) {

    /**
     * taxi-svc charges fares and sends ride notices long after the rider's token expired (from
     * its outbox), so it has its own identity: it may charge riders to the {@code kakao-t}
     * merchant only, and deliver notices; nothing else.
     */
    public static final ServiceIdentity TAXI = new ServiceIdentity("taxi-svc",
            Set.of(Roles.SERVICE, Roles.CHARGE_RIDES, Roles.SEND_NOTICES), Map.of(Roles.MERCHANT_CLAIM, "kakao-t"));

    /**
     * The edge's own identity: a service and nothing more. Its failover witness acts on the
     * regions' databases through their Kubernetes API servers, with those clusters' credentials
     * (docs/failover.md), never with a token of the installation.
     */
    public static final ServiceIdentity EDGE = new ServiceIdentity("edge", Set.of(Roles.SERVICE), Map.of());

    /** Every service identity an installation mints. */
    public static final List<ServiceIdentity> ALL = List.of(TAXI, EDGE);

    /** The JWT subject: {@code svc:<service>}, never a valid user id. */
    public String subject() {
        return "svc:" + service;
    }
}
