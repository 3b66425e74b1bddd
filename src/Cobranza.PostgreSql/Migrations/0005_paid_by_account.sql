-- Cobranza.PostgreSql schema, version 5: account hierarchies (issue 20 shape 7, docs/CHANGELOG.md).
-- A stored profile names the account that pays for it in "paidByAccountId" (CustomerProfile.PaidByAccountId; absent when
-- the account pays for itself). The collection run asks, for every account it evaluates, which accounts it pays for
-- (IAccountHierarchyStore.LoadPaidAccountsAsync): this partial expression index answers that with a range scan in account
-- id order, and holds only the paid accounts (most accounts pay for themselves and are not in it).
CREATE INDEX account_streams_paid_by ON {schema}.account_streams ((profile->>'paidByAccountId'), account_id)
    WHERE (profile->>'paidByAccountId') IS NOT NULL;
