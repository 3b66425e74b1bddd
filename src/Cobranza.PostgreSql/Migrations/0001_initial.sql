-- Cobranza.PostgreSql schema, version 1. {schema} is replaced by the configured schema name (quoted identifier).
-- Money is numeric (exact), instants timestamptz (microseconds), dates date, enums text names.

-- The journal: one row per idempotency key with its latest state (claims, outcomes, retries).
CREATE TABLE {schema}.journal (
    seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key   text COLLATE "C" NOT NULL UNIQUE,
    account_id        text COLLATE "C" NOT NULL,
    partition_hash    bigint      NOT NULL,   -- FNV-1a-32 of the UTF-8 account id (Partition.StableHash), 0..2^32-1
    policy_id         text        NOT NULL,
    policy_version    integer     NOT NULL,
    stage_id          text        NOT NULL,
    action            text        NOT NULL,   -- EscalationActionKind name
    tone              text        NOT NULL,   -- EscalationTone name
    channel           text        NULL,       -- NotificationChannel name
    template_key      text        NULL,
    language          text        NOT NULL,
    item_ids          text[]      NOT NULL,
    currency          char(3)     NOT NULL,
    overdue_amount    numeric     NOT NULL,
    interest_amount   numeric     NOT NULL,
    fee_amount        numeric     NOT NULL,
    occurrence        integer     NOT NULL,
    decided_at        timestamptz NOT NULL,
    not_before        timestamptz NOT NULL,
    explanation       text        NOT NULL,
    promised_date     date        NULL,
    state             text        NOT NULL CHECK (state IN ('Claimed', 'Dispatched', 'Failed', 'Skipped', 'Poisoned')),
    attempts          integer     NOT NULL CHECK (attempts >= 1),
    worker_id         text        NOT NULL,
    claimed_at        timestamptz NOT NULL,   -- the clock of the claim (see leases in docs/postgresql.md)
    lease_expires_at  timestamptz NULL,       -- set while state = 'Claimed'
    retry_at          timestamptz NULL,       -- set while state = 'Failed'
    last_error        text        NULL,
    reference         text        NULL,
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX journal_account ON {schema}.journal (account_id, seq);
CREATE INDEX journal_failed_due ON {schema}.journal (retry_at) WHERE state = 'Failed';
CREATE INDEX journal_claimed_lease ON {schema}.journal (lease_expires_at) WHERE state = 'Claimed';

-- The schedule of wake-ups: when each account is evaluated next (NULL: only after a new event).
CREATE TABLE {schema}.schedule (
    account_id          text COLLATE "C" PRIMARY KEY,
    partition_hash      bigint      NOT NULL,
    next_evaluation_at  timestamptz NULL
);
CREATE INDEX schedule_due ON {schema}.schedule (next_evaluation_at, account_id) WHERE next_evaluation_at IS NOT NULL;

-- The event-sourced account store: one stream per account, append-only events with a version per account.
CREATE TABLE {schema}.account_streams (
    account_id  text COLLATE "C" PRIMARY KEY,
    currency    char(3)     NOT NULL,
    profile     jsonb       NOT NULL,
    version     bigint      NOT NULL CHECK (version >= 0),   -- number of events stored
    opened_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE {schema}.account_events (
    account_id   text COLLATE "C" NOT NULL REFERENCES {schema}.account_streams (account_id),
    version      bigint      NOT NULL CHECK (version >= 1),
    event_type   text        NOT NULL,
    payload      jsonb       NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (account_id, version)
);
