-- An exchange's returned value goes toward its new sale: a refund share settled that way moves
-- no money.
alter table refunds drop constraint refunds_settled_with_check;
alter table refunds add constraint refunds_settled_with_check
  check (settled_with in ('original', 'cash', 'store_credit', 'exchange'));

-- The new sale of an exchange is paid, wholly or partly, with the returned goods' value.
alter table payments drop constraint payments_method_check;
alter table payments add constraint payments_method_check
  check (method in ('cash', 'card', 'exchange'));
