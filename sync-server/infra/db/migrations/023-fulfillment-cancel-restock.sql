-- A fulfillment's stock is deducted when its provider accepts it (docs/fulfillment.md), so
-- canceling one its provider had accepted puts the goods back: a movement of its own kind,
-- distinct from the release of a reservation that was never deducted.
alter table stock_movements drop constraint stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check
  check (kind in ('sale', 'return_restock', 'adjustment', 'transfer_in', 'transfer_out',
    'reservation', 'release', 'fulfillment', 'fulfillment_cancel', 'import'));
