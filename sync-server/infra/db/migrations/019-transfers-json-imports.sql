-- A stock transfer between two locations of a store: its transfer_out and transfer_in movements
-- are in stock_movements; this row is the request, keyed by the client's request id, with the
-- fingerprint of its details and the answer it got, so a retry gets the same answer and the same
-- id with other details is refused.
create table stock_transfers (
  store_id text not null references stores(id),
  id text not null,
  from_location_id text not null,
  to_location_id text not null,
  -- The oversold exception the transfer covered and resolved, if any.
  exception_id uuid,
  requested_by text not null,
  fingerprint text not null,
  result jsonb not null,
  created_at timestamptz not null default now(),
  primary key (store_id, id)
);

-- Imports also read a plain JSON array of rows.
alter table import_jobs drop constraint import_jobs_format_check;
alter table import_jobs add constraint import_jobs_format_check
  check (format in ('csv', 'ndjson', 'json'));

-- An import is read by one server process, which renews this lease while it runs. A running
-- import whose lease ran out lost its process (a restart or a crash) and is marked failed, so a
-- poll never shows it running forever; one made before the lease existed has none.
alter table import_jobs add column lease_until timestamptz;
