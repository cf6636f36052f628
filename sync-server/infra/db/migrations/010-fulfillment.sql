-- Fulfillments of lines not taken at the counter: one row per order and location the routing
-- chose, moved through its provider (pickup, or a 3PL over a webhook). The order's replicated
-- state is rebuilt from these rows; counter sales keep the one fulfillment written at ingest.
create table fulfillments (
  id uuid primary key,
  store_id text not null references stores(id),
  order_id uuid not null,
  location_id text not null,
  provider_id text not null,
  -- pending: routed and reserved, not yet accepted by its provider; ready: waiting at a pickup
  -- location; shipped / delivered: the goods left (stock deducted); canceled: stock released.
  status text not null check (status in ('pending', 'created', 'ready', 'shipped', 'delivered',
    'canceled')),
  -- [{line_id, product_id, quantity}]
  items jsonb not null,
  delivery jsonb not null,
  -- The provider's own record of the fulfillment, handed back on every later call.
  data jsonb not null default '{}',
  tracking_numbers jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index fulfillments_order on fulfillments (order_id);

-- How a store routes lines not taken at the counter. Server-side, not in the store document:
-- registers never route, so the registers' schema need not change for it.
create table fulfillment_settings (
  store_id text primary key references stores(id),
  strategy text not null check (strategy in ('primary_only', 'first_available', 'no_split',
    'split_shipments')),
  ranking text not null check (ranking in ('distance', 'cost', 'lead_time')),
  updated_at timestamptz not null default now()
);

-- What shipping from a location costs and how long it takes, for the cost and lead-time
-- rankings: commercial terms of the back office, never needed at a till.
create table location_fulfillment_terms (
  store_id text not null references stores(id),
  location_id text not null,
  shipping_cost bigint,
  lead_time_hours integer,
  updated_at timestamptz not null default now(),
  primary key (store_id, location_id)
);

-- An exception reporting a fact (one oversold product per order) is filed once, however often
-- the fact is seen again.
alter table exceptions add column dedupe_key text unique;
