-- Rows as lemonade-app wrote them before LemonadeSold had a flavour (revision 1): Axon's JDBC engine with the Jackson
-- serializer, so payload and meta_data are UTF-8 JSON in bytea, payload_revision '1', time_stamp an ISO-8601 string.
-- Three sales, the second refunded. Never edit these rows: they are what a store of the previous version holds.
insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                                payload_revision, payload_type, time_stamp) values
('hist-0001', 0, 'Sale', '7d0e1c1e-0001-4a11-9a7e-000000000001',
 convert_to('{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba90201-01"}', 'UTF8'),
 convert_to('{"saleId":"hist-0001","customer":{"name":"Ada Lovelace","email":"ada@example.com"},"cups":2,"unitPrice":{"cents":250,"currency":"EUR"},"total":{"cents":500,"currency":"EUR"},"soldAt":"2026-11-20T09:00:00Z"}', 'UTF8'),
 '1', 'io.lemonadeoutbox.lemonade.sale.LemonadeSold', '2026-11-20T09:00:00Z'),
('hist-0002', 0, 'Sale', '7d0e1c1e-0002-4a11-9a7e-000000000002',
 convert_to('{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba90202-01"}', 'UTF8'),
 convert_to('{"saleId":"hist-0002","customer":{"name":"Grace Hopper","email":"grace@example.com"},"cups":1,"unitPrice":{"cents":250,"currency":"EUR"},"total":{"cents":250,"currency":"EUR"},"soldAt":"2026-11-20T09:05:00Z"}', 'UTF8'),
 '1', 'io.lemonadeoutbox.lemonade.sale.LemonadeSold', '2026-11-20T09:05:00Z'),
('hist-0002', 1, 'Sale', '7d0e1c1e-0003-4a11-9a7e-000000000003',
 convert_to('{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba90203-01"}', 'UTF8'),
 convert_to('{"saleId":"hist-0002","customer":{"name":"Grace Hopper","email":"grace@example.com"},"total":{"cents":250,"currency":"EUR"},"reason":"Too sour","refundedAt":"2026-11-20T09:10:00Z"}', 'UTF8'),
 '1', 'io.lemonadeoutbox.lemonade.sale.SaleRefunded', '2026-11-20T09:10:00Z'),
('hist-0003', 0, 'Sale', '7d0e1c1e-0004-4a11-9a7e-000000000004',
 convert_to('{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba90204-01"}', 'UTF8'),
 convert_to('{"saleId":"hist-0003","customer":{"name":"Katherine Johnson","email":"katherine@example.com"},"cups":3,"unitPrice":{"cents":250,"currency":"EUR"},"total":{"cents":750,"currency":"EUR"},"soldAt":"2026-11-20T09:15:00Z"}', 'UTF8'),
 '1', 'io.lemonadeoutbox.lemonade.sale.LemonadeSold', '2026-11-20T09:15:00Z');
