-- Register sessions: the server rebuilds each session's record (register_sessions) from its cash
-- events and orders, and numbers Z reports per store without gaps. The counter is a column
-- of the store row, which order ingest already locks (last_ack_id), so a number is taken in
-- the same transaction as the close it belongs to and a rollback never leaves a hole.
alter table stores add column last_z_number bigint not null default 0;

alter table orders add column register_session_id text;
update orders set register_session_id = doc ->> 'register_session_id';
create index orders_register_session on orders (store_id, register_session_id)
  where register_session_id is not null;

create index sync_documents_cash_event_session on sync_documents (store_id, (doc ->> 'session_id'))
  where collection = 'cash_events';

-- Version 1 of cash events carries the count by denomination.
update sync_documents
set doc = doc || jsonb_build_object('denominations', jsonb_build_array())
where collection = 'cash_events' and not (doc ? 'denominations');
