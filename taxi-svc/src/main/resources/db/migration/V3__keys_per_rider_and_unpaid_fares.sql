-- Ride request keys are per rider: a key chosen by one rider never collides with another's, and
-- nobody learns from a 422 which ride someone else's key made.
ALTER TABLE ride DROP CONSTRAINT ride_idempotency_key_unique;
ALTER TABLE ride ADD CONSTRAINT ride_idempotency_key_unique UNIQUE (rider_id, idempotency_key);

-- Unpaid fares. A fare payment-svc refuses because of the rider (no wallet, not enough money) is a
-- debt: the charge is UNPAID, the rider cannot request another ride until it is settled
-- (POST /rides/{rideId}/settle after topping up). A completed ride never ends unpaid without one.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('PENDING', 'DONE', 'FAILED', 'UNPAID'));
ALTER TABLE outbox ADD CONSTRAINT only_charges_are_unpaid CHECK (status <> 'UNPAID' OR kind = 'CHARGE');
-- Charges refused before this migration were exactly such fares.
UPDATE outbox SET status = 'UNPAID' WHERE kind = 'CHARGE' AND status = 'FAILED';
ALTER TABLE outbox ADD CONSTRAINT charges_are_paid_or_owed CHECK (kind <> 'CHARGE' OR status <> 'FAILED');

-- What a rider owes is looked up at every ride request.
CREATE INDEX ride_by_rider ON ride (rider_id);
CREATE INDEX outbox_unpaid ON outbox (ride_id) WHERE status = 'UNPAID';
