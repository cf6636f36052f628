-- Customer merge (sync-server/customers/merge-customers.ts): a customer pushed for the first time
-- is looked up by its normalised email and phone among the store's customers, inside the push
-- transaction, so both lookups are index equalities rather than a scan of the store's customers.
create index sync_documents_customer_email on sync_documents (store_id, (doc ->> 'email'))
  where collection = 'customers';
create index sync_documents_customer_phone on sync_documents (store_id, (doc ->> 'phone'))
  where collection = 'customers';
