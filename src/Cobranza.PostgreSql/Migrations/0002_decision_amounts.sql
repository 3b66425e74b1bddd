-- Cobranza.PostgreSql schema, version 2: decision amounts by meaning (issue 13, docs/CHANGELOG.md).
-- overdue_amount becomes principal_amount (the principal owed on the listed items); open_balance (the account's total
-- open balance) and charges (the postings of a charge action, jsonb) are added. A version-1 row keeps its amount as
-- the principal; its open balance is that plus the interest and fee it stated; it carries no postings.
ALTER TABLE {schema}.journal RENAME COLUMN overdue_amount TO principal_amount;
ALTER TABLE {schema}.journal ADD COLUMN open_balance numeric NOT NULL DEFAULT 0;
ALTER TABLE {schema}.journal ADD COLUMN charges jsonb NOT NULL DEFAULT '[]'::jsonb;
UPDATE {schema}.journal SET open_balance = principal_amount + interest_amount + fee_amount;
