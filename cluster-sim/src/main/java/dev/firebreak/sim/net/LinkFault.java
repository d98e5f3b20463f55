package dev.firebreak.sim.net;

/** What a WAN link does to the bytes it carries. */
public enum LinkFault {
    /** Carries bytes after the link's latency. */
    NONE,
    /**
     * Accepts connections and swallows every byte, both ways, on new and open connections: what a
     * dead region looks like from outside (packets vanish; nothing is refused, so callers hang
     * until their own timeouts).
     */
    BLACKHOLE,
    /** Resets every connection, open or new (a crashing middlebox, a restarted firewall). */
    RESET
}
