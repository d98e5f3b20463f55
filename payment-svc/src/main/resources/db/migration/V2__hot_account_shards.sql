-- Hot accounts in shards.
-- Every top-up debits the SYSTEM top-up account and every fare credits the kakao-t merchant: one
-- row each, locked for the whole transaction. A commit waits for the synchronous standby, so a
-- single row takes at most 1 / (round trip to the standby) movements a second (under 2 a second
-- at 300 ms each way, measured by the wan-latency drill), whatever the number of users. So these
-- accounts are kept as several rows ("shards") with the same kind and owner; a movement locks one
-- shard, picked by its Idempotency-Key. The account's balance is the sum over its shards; every
-- invariant of V1 holds per row (each shard's balance is the sum of its own entries, merchants'
-- shards are never negative, all balances still sum to 0). User wallets stay one row (shard 0):
-- their balance is checked against each debit.

ALTER TABLE account ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0 CHECK (shard >= 0);
ALTER TABLE account DROP CONSTRAINT account_owner_unique;
ALTER TABLE account ADD CONSTRAINT account_owner_unique UNIQUE (kind, owner, shard);
ALTER TABLE account ADD CONSTRAINT user_wallet_unsharded CHECK (kind <> 'USER' OR shard = 0);

INSERT INTO account (kind, owner, shard)
SELECT a.kind, a.owner, s
  FROM account a CROSS JOIN generate_series(1, 15) AS s
 WHERE a.kind IN ('SYSTEM', 'MERCHANT') AND a.shard = 0;
