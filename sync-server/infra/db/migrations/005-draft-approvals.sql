-- Version 2 of draft orders carries the manager approvals already granted and the order id they
-- name, so a parked sale resumed on another register does not need them again.
update sync_documents
set doc = doc || jsonb_build_object('approvals', jsonb_build_array(), 'order_id', null)
where collection = 'draft_orders' and not (doc ? 'approvals');
