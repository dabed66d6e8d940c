-- The trace that sold the lemonade, carried in the event's metadata (W3C traceparent) across Kafka to the card.
alter table card add column trace_id text;
