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
