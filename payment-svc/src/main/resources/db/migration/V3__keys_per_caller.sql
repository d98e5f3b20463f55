-- Idempotency keys are per caller.
-- A key is chosen by its client, so it is only unique for that client: with one key space for
-- everyone, a user could claim a key another party would use later (paying 1 won under
-- ride:<rideId> made the real fare fail as idempotency-key-reused) and learn from the 422 which
-- transfer another's key had made. Now a key belongs to the token subject that sent it (a user id,
-- or svc:<service> for a service identity) and is claimed, looked up and replayed among that
-- owner's keys only.

ALTER TABLE transfer ADD COLUMN key_owner TEXT;

-- Transfers made before this migration: the owner is who could have sent them. The ledger is
-- append-only (V1's trigger); filling the new column is the one update it ever allows.
ALTER TABLE transfer DISABLE TRIGGER transfer_append_only;
UPDATE transfer t
   SET key_owner = CASE
         WHEN t.kind = 'TOP_UP' THEN (SELECT owner FROM account WHERE id = t.credit_account)
         WHEN t.kind = 'PAYMENT' AND t.idempotency_key LIKE 'ride:%' THEN 'svc:taxi-svc'
         ELSE (SELECT owner FROM account WHERE id = t.debit_account)
       END;
ALTER TABLE transfer ENABLE TRIGGER transfer_append_only;

ALTER TABLE transfer ALTER COLUMN key_owner SET NOT NULL;
ALTER TABLE transfer DROP CONSTRAINT transfer_idempotency_key_unique;
ALTER TABLE transfer ADD CONSTRAINT transfer_idempotency_key_unique UNIQUE (key_owner, idempotency_key);
