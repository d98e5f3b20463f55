package dev.firebreak.identity;

/** The roles (JWT {@code groups}) every service checks, and the claims service tokens carry. */
public final class Roles {

    /** Every signed-in account. */
    public static final String USER = "user";
    /** Operators: audits, and anything that degrades or kills. */
    public static final String ADMIN = "admin";
    /** Any service identity (never a person). */
    public static final String SERVICE = "service";
    /** May charge riders for rides, to its own merchant only (taxi-svc). */
    public static final String CHARGE_RIDES = "payments:charge-rides";
    /** May deliver service notices to users (taxi-svc). */
    public static final String SEND_NOTICES = "notices:send";

    /** Claim naming the merchant a charging service is bound to. */
    public static final String MERCHANT_CLAIM = "merchant";

    /** Issuer of the built-in accounts service; any OIDC issuer may replace it by configuration. */
    public static final String DEFAULT_ISSUER = "https://firebreak.dev/accounts";
    /** Audience every Firebreak token is for. */
    public static final String AUDIENCE = "firebreak";

    private Roles() {
    }
}
