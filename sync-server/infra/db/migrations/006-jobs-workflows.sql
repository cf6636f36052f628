-- Durable background work. A job is claimed with SKIP LOCKED under a lease with a fencing token,
-- so several server instances on one database never run the same job at once and a worker that
-- lost its lease cannot complete it. Workflows persist each finished step, so a restarted server
-- resumes a run at its first unfinished step.
create table jobs (
  id uuid primary key,
  store_id text not null references stores(id),
  kind text not null,
  -- The same piece of work enqueued twice (a replayed command) is one job.
  dedupe_key text not null,
  payload jsonb not null,
  status text not null check (status in ('queued', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null check (max_attempts > 0),
  run_at timestamptz not null default now(),
  lease_owner text,
  lease_token bigint not null default 0,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (kind, dedupe_key)
);
create index jobs_due on jobs (run_at) where status in ('queued', 'running');

create table workflow_runs (
  id uuid primary key,
  store_id text not null references stores(id),
  workflow text not null,
  -- What the run is about (an order id, a return id); one run per workflow and subject.
  subject_id text not null,
  -- compensating: a step failed for good and the finished steps are being undone.
  status text not null check (status in ('running', 'compensating', 'completed', 'failed')),
  input jsonb not null,
  error_code text,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workflow, subject_id)
);

create table workflow_steps (
  run_id uuid not null references workflow_runs(id),
  step text not null,
  position integer not null,
  status text not null check (status in ('done', 'compensated')),
  output jsonb not null,
  completed_at timestamptz not null default now(),
  primary key (run_id, step)
);

-- The back office's inbox: work that stopped for a reason a person must look at.
create table exceptions (
  id uuid primary key,
  store_id text not null references stores(id),
  kind text not null,
  subject_id text not null,
  message text not null,
  detail jsonb not null,
  status text not null check (status in ('open', 'resolved')),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text
);
create index exceptions_open on exceptions (store_id, created_at) where status = 'open';
