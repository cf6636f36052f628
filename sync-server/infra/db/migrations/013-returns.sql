-- Returns the server accepted: one row per return request pushed by a register, with the lines
-- and quantities actually taken back (a request for more than was left is cut down, and the
-- rest is filed as an exception). Accepted lines are what later returns are checked against.
create table returns (
  id uuid primary key,
  store_id text not null references stores(id),
  order_id uuid not null references orders(id),
  device_id text not null,
  cashier_id text not null,
  approver_id text,
  status text not null check (status in ('accepted', 'partially_accepted', 'refused')),
  -- [{line_id, quantity, amount, restock, reason}]
  lines jsonb not null,
  refund_method text not null,
  refund_amount bigint not null check (refund_amount >= 0),
  created_at timestamptz not null default now()
);
create index returns_order on returns (order_id, created_at);

-- How a refund share is paid back: through the payment's own provider, or in cash from the
-- drawer, or as store credit, whatever the payment was.
alter table refunds add column settled_with text not null default 'original'
  check (settled_with in ('original', 'cash', 'store_credit'));
