package dev.firebreak.taxi.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** taxi-svc settings ({@code taxi.*}). */
@ConfigMapping(prefix = "taxi")
public interface TaxiConfig {

    /** payment-svc merchant that receives fares. */
    @WithDefault("kakao-t")
    String merchantId();

    /** messaging-svc system sender of ride notices. */
    @WithDefault("kakao-t")
    String noticeSender();

    Matching matching();

    Outbox outbox();

    Fare fare();

    ServiceArea area();

    /**
     * Where rides may start and end, and where drivers may be: a box of latitude and longitude
     * (default: the Seoul Capital Area, Seoul, Incheon and Gyeonggi). A drop-off on another
     * continent is refused before any driver is bothered, not discovered as an impossible fare.
     */
    interface ServiceArea {
        /** Name shown in the refusal. */
        @WithDefault("the Seoul Capital Area")
        String name();

        @WithDefault("36.9")
        double minLat();

        @WithDefault("38.3")
        double maxLat();

        @WithDefault("126.3")
        double minLon();

        @WithDefault("127.9")
        double maxLon();
    }

    /** Nearest-free-driver matching. */
    interface Matching {
        /** Drivers farther than this from the pickup are not offered the ride. */
        @WithDefault("5000")
        int radiusMeters();

        /** How often waiting rides are matched again, and stale matches expired ({@code off} disables the job). */
        @WithDefault("2s")
        String interval();

        /**
         * How long a matched driver has to pick the rider up. A ride still MATCHED after this (the
         * driver's app lost its region mid-ride, the rider walked away) is cancelled as
         * {@code pickup-timeout} and the rider told, so the driver is free for the next ride
         * instead of held for ever.
         */
        @WithDefault("10m")
        Duration pickupTimeout();
    }

    /** Delivery of charges and notices that could not be made at once. */
    interface Outbox {
        /** How often due entries are retried ({@code off} disables the job). */
        @WithDefault("2s")
        String interval();

        /** Entries retried per run. */
        @WithDefault("50")
        int batchSize();

        /** Longest wait between two attempts at one entry. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** How long a replica owns the entries it claimed before another may retry them. */
        @WithDefault("30s")
        Duration lease();

        /**
         * How long a ride change waits for its own deliveries (the fare charge, the rider's notice)
         * before answering; what is not delivered by then goes on in the background and the answer
         * shows the charge PENDING. Each delivery costs commits here and in the receiving service,
         * which wait for the synchronous standby: over a slow WAN (600 ms a commit) waiting for them
         * all would take longer than the edge waits for the answer.
         */
        @WithDefault("400ms")
        Duration answerWait();

        /** Deliveries at once that may run in the background together; more are left to the schedule. */
        @WithDefault("16")
        int backgroundDeliveries();
    }

    /** Seoul-style metered fare. */
    interface Fare {
        /** Fare for the first {@link #baseMeters()}, in won. */
        @WithDefault("4800")
        long baseWon();

        @WithDefault("1600")
        int baseMeters();

        /** Won added per {@link #stepMeters()} beyond the base distance. */
        @WithDefault("100")
        long stepWon();

        @WithDefault("131")
        int stepMeters();

        /** Road distance over straight-line distance. */
        @WithDefault("1.3")
        double routeFactor();

        /**
         * The most a ride may cost, in won: a request whose estimated fare is more is refused
         * ({@code trip-too-long}). payment-svc's {@code payment.max-ride-fare} must be at least this,
         * or such a fare could never be charged.
         */
        @WithDefault("300000")
        long maxWon();
    }
}
