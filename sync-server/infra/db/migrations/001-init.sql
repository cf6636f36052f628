-- Stores, devices and pairing.
create table stores (
  id text primary key,
  name text not null,
  currency text not null,
  tax_inclusive boolean not null,
  default_location_id text not null,
  -- The per-store acknowledgement counter handed to placed orders (ack_id).
  last_ack_id bigint not null default 0,
  created_at timestamptz not null default now()
);

create table devices (
  id text primary key,
  store_id text not null references stores(id),
  name text not null,
  -- sha256 of the bearer token; the token itself is never stored.
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create table pairing_codes (
  code_hash text primary key,
  store_id text not null references stores(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

-- Catalog and stock: the columns the server computes with. Documents live in sync_documents.
create table tax_rates (
  store_id text not null references stores(id),
  id text not null,
  code text not null,
  rate_ppm integer not null,
  primary key (store_id, id)
);

create table products (
  store_id text not null references stores(id),
  id text not null,
  sku text not null,
  barcode text not null,
  name text not null,
  unit_price bigint not null,
  active boolean not null,
  primary key (store_id, id)
);
create index products_barcode on products (store_id, barcode);

create table stock_levels (
  store_id text not null references stores(id),
  location_id text not null,
  product_id text not null,
  stocked_quantity integer not null,
  reserved_quantity integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (store_id, location_id, product_id)
);

create table staff (
  store_id text not null references stores(id),
  id text not null,
  name text not null,
  role text not null check (role in ('cashier', 'manager', 'admin')),
  active boolean not null,
  primary key (store_id, id)
);

-- Orders as pushed (immutable) and the server's state of each.
create table orders (
  id uuid primary key,
  store_id text not null references stores(id),
  ack_id bigint not null,
  device_id text not null,
  location_id text not null,
  currency text not null,
  total bigint not null,
  placed_at timestamptz not null,
  doc jsonb not null,
  fingerprint text not null,
  created_at timestamptz not null default now(),
  unique (store_id, ack_id)
);

create table order_states (
  order_id uuid primary key,
  store_id text not null references stores(id),
  status text not null,
  payment_status text not null,
  fulfillment_status text not null,
  doc jsonb not null,
  updated_at timestamptz not null default now()
);

-- Exactly-once: one row per command id (a pushed document id), fenced by lease_token.
create table command_ledger (
  command_id uuid primary key,
  store_id text not null,
  kind text not null,
  fingerprint text not null,
  status text not null check (status in ('in_progress', 'done')),
  result jsonb,
  lease_owner text,
  lease_token bigint not null,
  lease_expires_at timestamptz,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);

-- The replication projection: every replicated document, in change order.
create sequence sync_change_seq;

create table sync_documents (
  store_id text not null,
  collection text not null,
  id text not null,
  doc jsonb not null,
  deleted boolean not null default false,
  fingerprint text not null,
  -- The writing transaction; pulls deliver a row only once every older transaction finished.
  change_xid xid8 not null default pg_current_xact_id(),
  change_seq bigint not null default nextval('sync_change_seq'),
  primary key (store_id, collection, id)
);
create index sync_documents_changes on sync_documents (store_id, collection, change_xid, change_seq);

create function sync_documents_touch() returns trigger language plpgsql as $$
begin
  new.change_xid := pg_current_xact_id();
  new.change_seq := nextval('sync_change_seq');
  return new;
end
$$;

create trigger sync_documents_touch before update on sync_documents
  for each row execute function sync_documents_touch();
