package dev.firebreak.messaging.model;

/** What a message is. */
public enum MessageKind {
    /** Text a user wrote. */
    TEXT,
    /** Money sent in the chat, through payment-svc. */
    MONEY,
    /** A notice from a service, e.g. Kakao T's "your ride is complete". */
    NOTICE
}
