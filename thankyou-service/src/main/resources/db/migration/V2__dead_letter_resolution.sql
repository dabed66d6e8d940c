-- An operator resolves a dead letter once: by retrying it (re-sent to its topic, the inbox drops it if it was
-- applied after all) or by discarding it. The row stays as the record of what happened.
alter table dead_letter
    add column resolution  text check (resolution in ('RETRIED', 'DISCARDED')),
    add column resolved_at timestamptz,
    add column resolved_by text;
