-- issue 18: outbox rows and callbacks keep the trace they were written in (W3C traceparent): the relay's send
-- continues it, and a callback carries it to the driver as its traceparent header
ALTER TABLE command_outbox ADD COLUMN traceparent TEXT;
ALTER TABLE callback_delivery ADD COLUMN traceparent TEXT;
