-- The server's record of each tender's money: one row per tender, written when the order is
-- placed and moved on by the order-placed workflow as its provider authorizes and captures.
-- Order states replicated to the registers are rebuilt from these rows.
create table payments (
  id text primary key,
  store_id text not null references stores(id),
  order_id uuid not null references orders(id),
  tender_id text not null,
  method text not null check (method in ('cash', 'card')),
  provider_id text not null,
  currency text not null,
  amount bigint not null check (amount >= 0),
  authorized_amount bigint not null default 0 check (authorized_amount >= 0),
  captured_amount bigint not null default 0 check (captured_amount >= 0),
  refunded_amount bigint not null default 0 check (refunded_amount >= 0),
  canceled boolean not null default false,
  -- Declined, or the provider wants more from the customer: a person has to act.
  requires_action boolean not null default false,
  -- The provider's id for the payment (a PaymentIntent id) and its own record of it.
  external_id text,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (captured_amount <= amount and refunded_amount <= captured_amount)
);
create index payments_order on payments (order_id);

-- An order's exceptions are shown on its state.
create index exceptions_subject on exceptions (subject_id);

-- Card payments the register asked the server to authorize while the customer was at the
-- counter, before the sale existed. One per tender: the register's retry of the same request
-- gets the same answer, and the placed order's payment starts from it.
create table card_authorizations (
  tender_id text primary key,
  store_id text not null references stores(id),
  order_id uuid not null,
  device_id text not null,
  amount bigint not null check (amount > 0),
  currency text not null,
  -- sha256 of the request, to refuse the same tender id with different details.
  fingerprint text not null,
  provider_id text not null,
  status text not null check (status in ('authorized', 'declined')),
  external_id text,
  data jsonb not null default '{}'::jsonb,
  decline_code text,
  message text,
  created_at timestamptz not null default now()
);
