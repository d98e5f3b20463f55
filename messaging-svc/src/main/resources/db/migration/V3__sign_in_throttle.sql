-- Sign-in throttling per account (AccountService, SignInThrottle): wrong passwords in a row, and
-- until when the account's sign-in is locked after too many. A correct password resets both.
ALTER TABLE credential ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0);
ALTER TABLE credential ADD COLUMN locked_until TIMESTAMPTZ;
