-- taxi-svc: drivers, rides and the outbox that settles fares and notices later.
-- Held by the database: a driver has at most one active ride (partial unique index); a ride's
-- columns agree with its status (checks); an outbox entry is delivered under one idempotency key.

CREATE TABLE driver (
    id           TEXT             PRIMARY KEY,
    name         TEXT             NOT NULL,
    lat          DOUBLE PRECISION CHECK (lat BETWEEN -90 AND 90),
    lon          DOUBLE PRECISION CHECK (lon BETWEEN -180 AND 180),
    available    BOOLEAN          NOT NULL DEFAULT false,
    position_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT available_driver_has_position CHECK (NOT available OR (lat IS NOT NULL AND lon IS NOT NULL))
);

CREATE TABLE ride (
    id              UUID             PRIMARY KEY,
    idempotency_key TEXT             NOT NULL,
    request_hash    TEXT             NOT NULL,
    rider_id        TEXT             NOT NULL,
    driver_id       TEXT             REFERENCES driver (id),
    status          TEXT             NOT NULL CHECK (status IN ('REQUESTED', 'MATCHED', 'PICKED_UP', 'COMPLETED', 'CANCELLED')),
    pickup_lat      DOUBLE PRECISION NOT NULL CHECK (pickup_lat BETWEEN -90 AND 90),
    pickup_lon      DOUBLE PRECISION NOT NULL CHECK (pickup_lon BETWEEN -180 AND 180),
    dropoff_lat     DOUBLE PRECISION NOT NULL CHECK (dropoff_lat BETWEEN -90 AND 90),
    dropoff_lon     DOUBLE PRECISION NOT NULL CHECK (dropoff_lon BETWEEN -180 AND 180),
    distance_meters INTEGER          CHECK (distance_meters >= 0),
    fare            BIGINT           CHECK (fare > 0),
    requested_at    TIMESTAMPTZ      NOT NULL DEFAULT now(),
    matched_at      TIMESTAMPTZ,
    picked_up_at    TIMESTAMPTZ,
    completed_at    TIMESTAMPTZ,
    cancelled_at    TIMESTAMPTZ,
    CONSTRAINT ride_idempotency_key_unique UNIQUE (idempotency_key),
    CONSTRAINT driver_once_matched CHECK (status IN ('REQUESTED', 'CANCELLED') OR driver_id IS NOT NULL),
    CONSTRAINT completed_ride_has_fare CHECK (status <> 'COMPLETED' OR (fare IS NOT NULL AND distance_meters IS NOT NULL))
);

CREATE UNIQUE INDEX one_active_ride_per_driver ON ride (driver_id) WHERE status IN ('MATCHED', 'PICKED_UP');
CREATE INDEX ride_waiting ON ride (requested_at) WHERE status = 'REQUESTED';

CREATE TABLE outbox (
    id              BIGSERIAL   PRIMARY KEY,
    ride_id         UUID        NOT NULL REFERENCES ride (id),
    kind            TEXT        NOT NULL CHECK (kind IN ('CHARGE', 'NOTICE')),
    idempotency_key TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'FAILED')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    result          TEXT,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at         TIMESTAMPTZ,
    CONSTRAINT outbox_idempotency_key_unique UNIQUE (idempotency_key)
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_by_ride ON outbox (ride_id);
