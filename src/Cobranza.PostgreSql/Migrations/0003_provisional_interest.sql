-- Cobranza.PostgreSql schema, version 3: provisional interest (issue 16, docs/CHANGELOG.md).
-- provisional_interest (jsonb) holds the days on which the decision's interest used a rate carried forward because the
-- official one was not loaded yet (EscalationDecision.ProvisionalInterest); a charge posting marked provisional carries
-- "provisional": true inside the existing charges column. Rows written before have published rates only: '[]'.
ALTER TABLE {schema}.journal ADD COLUMN provisional_interest jsonb NOT NULL DEFAULT '[]'::jsonb;
