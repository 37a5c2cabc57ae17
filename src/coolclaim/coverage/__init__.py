"""Coverage judgement: Medicare jurisdictions, payer policies and state mandates (pure)."""
