-- Version 1 of the stores document carries the store's settings. Stores made before it get the
-- defaults, which must equal DEFAULT_STORE_SETTINGS in domain/schemas/documents.ts (a test
-- compares them). The update re-stamps the rows, so registers pull the new shape.
update sync_documents
set doc = doc || jsonb_build_object(
  'settings',
  jsonb_build_object(
    'pin_max_attempts', 5,
    'pin_lockout_seconds', 300,
    'idle_lock_seconds', 300,
    'discount_approval_bps', 2000,
    'offline_card_limit_per_sale', 20000,
    'offline_card_limit_per_device', 100000,
    'offline_card_expiry_hours', 72,
    'low_stock_threshold', 5
  )
)
where collection = 'stores' and not (doc ? 'settings');
