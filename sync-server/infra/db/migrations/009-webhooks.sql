-- Outgoing webhooks: the URLs each store's back-office systems receive outbox events at, and one
-- delivery per (event, endpoint) with the record of its attempts.
create table webhook_endpoints (
  id uuid primary key,
  store_id text not null references stores(id),
  url text not null,
  description text not null default '',
  -- Event type names, or '*' alone for every type.
  event_types text[] not null,
  -- A shared HMAC key: the server reads it back to sign each delivery, so it cannot be a hash.
  secret text not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_store on webhook_endpoints (store_id, created_at);

create table webhook_deliveries (
  id uuid primary key,
  store_id text not null references stores(id),
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  event_id uuid not null references outbox_events(id),
  -- dead: the last attempt of the retry schedule failed; only a replay sends it again.
  status text not null check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  -- Attempts since the delivery was made or last replayed: its place in the retry schedule.
  round_attempts integer not null default 0,
  replays integer not null default 0,
  last_status_code integer,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_store on webhook_deliveries (store_id, status, id);
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, status, id);

create index outbox_events_store_type on outbox_events (store_id, type, id);
