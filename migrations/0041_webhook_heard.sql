-- Whether an enabled endpoint hears an event type for an account (or for every account): an event nobody hears is
-- not recorded. Security definer, so a portal transaction can ask without seeing other accounts' endpoints; in a
-- portal transaction the account is always the caller's own, whatever it passes.
CREATE OR REPLACE FUNCTION webhook_heard(event_type text, for_account uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (
    SELECT 1 FROM webhook_endpoints
    WHERE enabled AND event_types ? event_type
      AND (account_id IS NULL OR account_id = coalesce(nullif(current_setting('jobjacket.account_id', true), '')::uuid, for_account))
  )
$$;
