package dev.firebreak.messaging.account;

/** What sign-in returns: an OAuth-style bearer access token. */
public record Session(String accessToken, String tokenType, long expiresIn, String userId) {
}
