-- A counter authorization whose tender was removed at the register, or whose sale never came,
-- is canceled so the hold leaves the customer's card. 'canceling' is written before the
-- provider is asked, so a cancel cut off half way is finished by the next request or sweep.
alter table card_authorizations drop constraint card_authorizations_status_check;
alter table card_authorizations add constraint card_authorizations_status_check
  check (status in ('authorized', 'declined', 'canceling', 'canceled'));
alter table card_authorizations add column canceled_at timestamptz;

-- The sweep looks for holds still standing past their time.
create index card_authorizations_standing on card_authorizations (created_at)
  where status in ('authorized', 'canceling');
