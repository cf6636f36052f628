-- The back office's admin API: resolving exceptions with a note, catalog and stock imports with
-- their progress and per-row errors, and the lookups the order and import filters use.
alter table exceptions add column resolution_note text;
create index exceptions_store on exceptions (store_id, created_at, id);

-- Imports match products by sku; a store's orders are filtered by when they were placed.
create index products_sku on products (store_id, sku);
create index orders_placed on orders (store_id, placed_at);

-- One row per import request, updated after each applied batch so a poll shows its progress.
create table import_jobs (
  id uuid primary key,
  store_id text not null references stores(id),
  kind text not null check (kind in ('products', 'stock')),
  format text not null check (format in ('csv', 'ndjson')),
  status text not null check (status in ('running', 'completed', 'failed')),
  rows_read integer not null default 0,
  rows_applied integer not null default 0,
  rows_failed integer not null default 0,
  -- Why the whole import stopped (an unreadable header, a broken stream); null otherwise.
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_jobs_store on import_jobs (store_id, created_at);

-- A row the import refused, with the field at fault, so the good rows go in and each bad one
-- can be fixed and sent again.
create table import_errors (
  job_id uuid not null references import_jobs(id),
  row_number integer not null,
  field text not null,
  message text not null,
  primary key (job_id, row_number, field)
);
