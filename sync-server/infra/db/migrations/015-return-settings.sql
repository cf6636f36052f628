-- Version 2 of the stores document adds the return settings. Existing stores keep what they set
-- and get the defaults for the new fields, which must equal DEFAULT_STORE_SETTINGS in
-- domain/schemas/documents.ts (a test compares them). The update re-stamps the rows, so
-- registers pull the new shape.
update sync_documents
set doc = jsonb_set(
  doc,
  '{settings}',
  jsonb_build_object(
    'return_reasons', jsonb_build_array('Damaged', 'Wrong item', 'Changed mind', 'Other'),
    'return_approval_from', 0,
    'unreceipted_return_limit', 5000,
    'returns_window_days', 90
  ) || (doc -> 'settings')
)
where collection = 'stores' and (doc ? 'settings') and not (doc -> 'settings' ? 'return_reasons');
