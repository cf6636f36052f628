-- Refunds: a request (from the back office or a return) and its shares, one per payment it is
-- allocated to. A request's id is the caller's idempotency key: the same id again returns the
-- same request, the same id with other details is refused. A share is pending until its provider
-- settles it; pending shares count against what is still refundable, so concurrent requests
-- can never together refund more than was captured.
create table refund_requests (
  store_id text not null references stores(id),
  id text not null,
  order_id uuid not null references orders(id),
  amount bigint not null check (amount > 0),
  currency text not null,
  reason text not null,
  note text not null default '',
  -- 'back_office', or 'return' with the return request's id.
  source text not null,
  source_id text,
  requested_by text not null,
  fingerprint text not null,
  status text not null check (status in ('pending', 'succeeded', 'partially_failed', 'failed')),
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (store_id, id)
);
create index refund_requests_order on refund_requests (order_id, created_at);

create table refunds (
  id text primary key,
  store_id text not null references stores(id),
  request_id text not null,
  order_id uuid not null references orders(id),
  payment_id text not null references payments(id),
  -- Its place in the allocation: the order in which the rule gave the amount out.
  position integer not null,
  provider_id text not null,
  amount bigint not null check (amount > 0),
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  provider_refund_id text,
  error text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  foreign key (store_id, request_id) references refund_requests (store_id, id)
);
create index refunds_payment on refunds (payment_id) where status = 'pending';
create index refunds_order on refunds (order_id);
