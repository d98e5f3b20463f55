-- payment-svc: wallets and a double-entry ledger.
-- Invariants held by the database itself, whatever the code does:
--   * no USER or MERCHANT balance is ever negative (CHECK no_overdraft);
--   * every transfer has exactly two entries that sum to zero (deferred constraint trigger),
--     so money is conserved: the sum of all balances is always 0 (the SYSTEM top-up account
--     is negative by exactly the money that entered);
--   * an Idempotency-Key moves money at most once (UNIQUE idempotency_key);
--   * the ledger is append-only (no UPDATE or DELETE of transfers or entries).

CREATE TABLE account (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('USER', 'MERCHANT', 'SYSTEM')),
    owner       TEXT        NOT NULL,
    currency    TEXT        NOT NULL DEFAULT 'KRW',
    balance     BIGINT      NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT account_owner_unique UNIQUE (kind, owner),
    CONSTRAINT no_overdraft CHECK (kind = 'SYSTEM' OR balance >= 0)
);

CREATE TABLE transfer (
    id              UUID        PRIMARY KEY,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('TOP_UP', 'TRANSFER', 'PAYMENT')),
    debit_account   BIGINT      NOT NULL REFERENCES account (id),
    credit_account  BIGINT      NOT NULL REFERENCES account (id),
    amount          BIGINT      NOT NULL CHECK (amount > 0),
    memo            TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT transfer_idempotency_key_unique UNIQUE (idempotency_key),
    CONSTRAINT transfer_distinct_accounts CHECK (debit_account <> credit_account)
);

CREATE TABLE ledger_entry (
    id            BIGSERIAL   PRIMARY KEY,
    transfer_id   UUID        NOT NULL REFERENCES transfer (id),
    account_id    BIGINT      NOT NULL REFERENCES account (id),
    amount        BIGINT      NOT NULL CHECK (amount <> 0),
    balance_after BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_entry_once_per_account UNIQUE (transfer_id, account_id)
);

CREATE INDEX ledger_entry_by_account ON ledger_entry (account_id, id DESC);

CREATE FUNCTION transfer_is_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entries INT;
    total   BIGINT;
BEGIN
    SELECT count(*), coalesce(sum(amount), 0) INTO entries, total
      FROM ledger_entry WHERE transfer_id = NEW.id;
    IF entries <> 2 OR total <> 0 THEN
        RAISE EXCEPTION 'transfer % is not balanced: % entries summing to %', NEW.id, entries, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER transfer_balanced
    AFTER INSERT ON transfer
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION transfer_is_balanced();

CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER transfer_append_only BEFORE UPDATE OR DELETE ON transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

-- Where top-up money comes from (a bank or card, outside the ledger).
INSERT INTO account (kind, owner) VALUES ('SYSTEM', 'top-up');
-- Kakao T, paid for rides through POST /payments.
INSERT INTO account (kind, owner) VALUES ('MERCHANT', 'kakao-t');
