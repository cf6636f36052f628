-- A provider's webhook names its own id for a payment (a PaymentIntent id).
create index payments_external on payments (provider_id, external_id) where external_id is not null;
