-- Quotes in the client portal (issue 18): the portal role reads its account's quotes and records its answer
-- (the quote's status, the chosen quantity per item). Row-level security (0025) keeps it to the account.
GRANT SELECT, UPDATE ON quotes TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, UPDATE ON quote_items TO jobjacket_portal;
