package dev.firebreak.payment.model;

/** Why money moved. */
public enum TransferKind {
    /** Money entering a wallet from outside (a bank or card). */
    TOP_UP,
    /** Wallet to wallet, e.g. money sent in a chat. */
    TRANSFER,
    /** Wallet to merchant, e.g. a taxi fare. */
    PAYMENT
}
