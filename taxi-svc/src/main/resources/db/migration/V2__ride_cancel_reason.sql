-- Why a ride was cancelled: by its rider, by its driver, or because the driver never picked the
-- rider up in time (taxi.matching.pickup-timeout frees the driver). Rides cancelled before this
-- column existed have none.
ALTER TABLE ride ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IN ('rider', 'driver', 'pickup-timeout'));
ALTER TABLE ride ADD CONSTRAINT only_cancelled_ride_has_reason CHECK (status = 'CANCELLED' OR cancel_reason IS NULL);

-- The expiry job's scan: matched rides, oldest match first.
CREATE INDEX ride_matched ON ride (matched_at) WHERE status = 'MATCHED';
