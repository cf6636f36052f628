-- Back-office accounts: people who sign in to the web back office with email and password, apart
-- from the register's staff (PINs) and from the admin bearer token (machine integrations).
create table office_users (
  id text primary key,
  -- Lower-cased and trimmed: the sign-in key.
  email text not null unique,
  name text not null,
  role text not null check (role in ('owner', 'manager', 'clerk')),
  -- scrypt, self-describing: scrypt$N$r$p$salt$hash (base64url); the password is never stored.
  password_hash text not null,
  -- Wrong passwords since the last good one; drives the lockout's backoff.
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

-- The stores a manager or clerk may see and act on; owners see every store.
create table office_user_stores (
  user_id text not null references office_users(id) on delete cascade,
  store_id text not null references stores(id),
  primary key (user_id, store_id)
);

-- Signed-in sessions. The cookie carries a random token; only its sha256 is kept.
create table office_sessions (
  token_hash text primary key,
  user_id text not null references office_users(id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  -- The absolute limit; the idle limit runs from last_seen_at.
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index office_sessions_user on office_sessions (user_id);

-- Who did what, when: sign-ins (good and bad) and every change made through the back office
-- or the admin API. Rows are only ever added.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  -- Null with actor 'admin token' or an unknown email's failed sign-in.
  user_id text,
  actor text not null,
  action text not null,
  store_id text,
  subject text not null default '',
  detail jsonb not null default '{}',
  ip text
);
create index audit_log_store on audit_log (store_id, id);
