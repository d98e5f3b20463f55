package dev.firebreak.sim.net;

/** What a WAN link does to the bytes it carries. */
public enum LinkFault {
    /** Carries bytes after the link's latency. */
    NONE,
    /**
     * Accepts connections and moves nothing, both ways, on new and open connections: what a dead
     * region or a partition looks like from outside (packets vanish; nothing is refused, so
     * callers hang until their own timeouts). Nothing is lost either: when the link heals, bytes
     * sent meanwhile arrive in order and waiting connections go through, as TCP's retransmissions
     * would deliver them.
     */
    BLACKHOLE,
    /** Resets every connection, open or new (a crashing middlebox, a restarted firewall). */
    RESET
}
