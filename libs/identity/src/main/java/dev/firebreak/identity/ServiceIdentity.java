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
     * The edge's failover witness asks a region's database operator to rebuild (re-seed) that
     * region's database after a failover: the only thing it may do with its token.
     */
    public static final ServiceIdentity WITNESS = new ServiceIdentity("edge", Set.of(Roles.SERVICE, Roles.DATABASE_FAILOVER), Map.of());

    /** Every service identity an installation mints. */
    public static final List<ServiceIdentity> ALL = List.of(TAXI, WITNESS);

    /** The JWT subject: {@code svc:<service>}, never a valid user id. */
    public String subject() {
        return "svc:" + service;
    }
}
