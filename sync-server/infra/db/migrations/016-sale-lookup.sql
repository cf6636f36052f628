-- A register looking up an old sale to return gets every register's return requests of it.
create index sync_documents_return_order on sync_documents (store_id, (doc ->> 'order_id'))
  where collection = 'return_requests';
