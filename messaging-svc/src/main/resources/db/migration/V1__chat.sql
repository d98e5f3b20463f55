-- messaging-svc: users, rooms, members, messages.
-- Messages are numbered per room (seq 1, 2, 3...) under the room's row lock, so history pages
-- and unread counts are exact. (sender_id, client_message_id) is unique: a resend after a lost
-- answer finds the original instead of posting twice.

CREATE TABLE app_user (
    id           TEXT        PRIMARY KEY,
    display_name TEXT        NOT NULL,
    kind         TEXT        NOT NULL DEFAULT 'PERSON' CHECK (kind IN ('PERSON', 'SYSTEM')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE room (
    id          TEXT        PRIMARY KEY,
    name        TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('GROUP', 'NOTICE')),
    created_by  TEXT        NOT NULL REFERENCES app_user (id),
    last_seq    BIGINT      NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE room_member (
    room_id       TEXT        NOT NULL REFERENCES room (id),
    user_id       TEXT        NOT NULL REFERENCES app_user (id),
    last_read_seq BIGINT      NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
    joined_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);

CREATE INDEX room_member_by_user ON room_member (user_id);

CREATE TABLE message (
    room_id           TEXT        NOT NULL REFERENCES room (id),
    seq               BIGINT      NOT NULL CHECK (seq > 0),
    sender_id         TEXT        NOT NULL REFERENCES app_user (id),
    client_message_id TEXT        NOT NULL,
    request_hash      TEXT        NOT NULL,
    kind              TEXT        NOT NULL CHECK (kind IN ('TEXT', 'MONEY', 'NOTICE')),
    body              TEXT        NOT NULL,
    transfer_id       UUID,
    amount            BIGINT      CHECK (amount IS NULL OR amount > 0),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, seq),
    CONSTRAINT message_client_id_unique UNIQUE (sender_id, client_message_id),
    CONSTRAINT money_message_has_transfer CHECK ((kind = 'MONEY') = (transfer_id IS NOT NULL AND amount IS NOT NULL))
);

-- Senders of service notices (a ride's status, a payment receipt).
INSERT INTO app_user (id, display_name, kind) VALUES ('kakao-t', 'Kakao T', 'SYSTEM');
INSERT INTO app_user (id, display_name, kind) VALUES ('kakaopay', 'KakaoPay', 'SYSTEM');
