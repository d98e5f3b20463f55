-- Kakao Account: the credential that signs a user in. Users without one (system senders such as
-- kakao-t) cannot sign in. Only a slow, salted hash is stored (bcrypt).
CREATE TABLE credential (
    user_id       TEXT        PRIMARY KEY REFERENCES app_user (id),
    password_hash TEXT        NOT NULL CHECK (password_hash LIKE '$2%'),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
