-- issue 18: each outbox row keeps the trace it was written in (W3C traceparent), so the relay's send continues it
ALTER TABLE process_update_outbox ADD COLUMN traceparent TEXT;
