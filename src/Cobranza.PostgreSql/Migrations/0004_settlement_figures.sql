-- Cobranza.PostgreSql schema, version 4: settlement figures (issue 13, docs/CHANGELOG.md).
-- A payment-event notice (thank-you, partial-payment acknowledgement, service restored) carries what it acknowledges,
-- computed once by the engine (EscalationDecision.Settlement): settled_by (SettlementMeans names, e.g. 'Payment',
-- 'CreditNote', 'Payment, CreditNote', 'None'), the payments received and the credits applied on the settlement date,
-- and what the account still owes. NULL on every other decision. Rows written before carry none: a pending one is
-- evaluated again before it is retried, which gives the figures.
ALTER TABLE {schema}.journal ADD COLUMN settled_by text NULL;
ALTER TABLE {schema}.journal ADD COLUMN paid_amount numeric NULL;
ALTER TABLE {schema}.journal ADD COLUMN credited_amount numeric NULL;
ALTER TABLE {schema}.journal ADD COLUMN remaining_amount numeric NULL;
ALTER TABLE {schema}.journal ADD CONSTRAINT journal_settlement_whole CHECK (
    (settled_by IS NULL) = (paid_amount IS NULL) AND (settled_by IS NULL) = (credited_amount IS NULL) AND (settled_by IS NULL) = (remaining_amount IS NULL));
