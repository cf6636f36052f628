-- Domain events, written in the transaction of the fact they report (a transactional outbox)
-- and delivered from here afterwards. The dedupe key names the fact, so a replayed step or
-- command records its event once.
create table outbox_events (
  id uuid primary key,
  store_id text not null references stores(id),
  type text not null,
  subject_id text not null,
  dedupe_key text not null unique,
  data jsonb not null,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz
);
create index outbox_events_undispatched on outbox_events (created_at, id)
  where dispatched_at is null;
create index outbox_events_subject on outbox_events (store_id, subject_id, created_at);

-- Every change to a stock level, per location: the ledger the stock_levels projection is the
-- sum of. A movement with a dedupe key is applied once, however often its cause is replayed.
create table stock_movements (
  id uuid primary key,
  store_id text not null references stores(id),
  location_id text not null,
  product_id text not null,
  kind text not null check (kind in ('sale', 'return_restock', 'adjustment', 'transfer_in',
    'transfer_out', 'reservation', 'release', 'fulfillment', 'import')),
  stocked_delta integer not null,
  reserved_delta integer not null,
  -- What caused it: an order, return, fulfillment or adjustment id.
  reference text not null,
  dedupe_key text unique,
  note text not null default '',
  created_at timestamptz not null default now()
);
create index stock_movements_level on stock_movements (store_id, location_id, product_id, created_at);
create index stock_movements_reference on stock_movements (store_id, reference);

-- The ledger starts from the levels there were, so the sums agree from the first movement.
insert into stock_movements (id, store_id, location_id, product_id, kind, stocked_delta,
                             reserved_delta, reference, note)
select gen_random_uuid(), store_id, location_id, product_id, 'import', stocked_quantity,
       reserved_quantity, 'opening-balance', 'level before the stock ledger'
from stock_levels;
