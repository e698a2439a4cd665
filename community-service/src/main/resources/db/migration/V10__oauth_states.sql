-- OAuth installs (issue 16): the gateway signs each `state` it sends to a platform; a state is usable once, so the
-- nonce of every state used at a callback is kept until the state has expired anyway (then it is refused by age).
CREATE TABLE oauth_state_used (
    nonce      TEXT        PRIMARY KEY,
    used_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth_state_used_expiry ON oauth_state_used (expires_at);
