-- The departments of a print & mail shop and a default route per product type; admins edit both.
INSERT INTO "departments" ("code", "name", "position") VALUES
  ('prepress', 'Prepress', 10),
  ('press', 'Press', 20),
  ('bindery', 'Bindery & finishing', 30),
  ('mailing', 'Mailing & lettershop', 40),
  ('fulfilment', 'Fulfilment & warehouse', 50),
  ('shipping', 'Shipping', 60)
ON CONFLICT ("code") DO NOTHING;
--> statement-breakpoint
INSERT INTO "product_routes" ("product_type", "steps") VALUES
  ('flat_sheet', '[{"departmentCode":"prepress","name":"Preflight & plate","standardHours":2},{"departmentCode":"press","name":"Print","standardHours":4},{"departmentCode":"bindery","name":"Cut","standardHours":2},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('folded_brochure', '[{"departmentCode":"prepress","name":"Preflight & imposition","standardHours":2},{"departmentCode":"press","name":"Print","standardHours":6},{"departmentCode":"bindery","name":"Cut & fold","standardHours":4},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('booklet', '[{"departmentCode":"prepress","name":"Preflight & imposition","standardHours":4},{"departmentCode":"press","name":"Print","standardHours":8},{"departmentCode":"bindery","name":"Fold, stitch & trim","standardHours":8},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('envelope', '[{"departmentCode":"prepress","name":"Preflight","standardHours":1},{"departmentCode":"press","name":"Print","standardHours":4},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('letter', '[{"departmentCode":"prepress","name":"Preflight","standardHours":1},{"departmentCode":"press","name":"Print","standardHours":4},{"departmentCode":"bindery","name":"Fold","standardHours":2},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('postcard', '[{"departmentCode":"prepress","name":"Preflight & imposition","standardHours":1},{"departmentCode":"press","name":"Print","standardHours":4},{"departmentCode":"bindery","name":"Cut","standardHours":2},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('business_card', '[{"departmentCode":"prepress","name":"Typeset & proof","standardHours":1},{"departmentCode":"press","name":"Print","standardHours":2},{"departmentCode":"bindery","name":"Cut & box","standardHours":1},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('large_format', '[{"departmentCode":"prepress","name":"Preflight","standardHours":2},{"departmentCode":"press","name":"Wide-format print","standardHours":4},{"departmentCode":"bindery","name":"Mount & trim","standardHours":2},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('promotional', '[{"departmentCode":"prepress","name":"Artwork to vendor","standardHours":2},{"departmentCode":"fulfilment","name":"Receive & check","standardHours":8},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('mailing_service', '[{"departmentCode":"mailing","name":"List processing","standardHours":4},{"departmentCode":"mailing","name":"Address, insert & sort","standardHours":8},{"departmentCode":"shipping","name":"Drop at post office","standardHours":1}]'),
  ('fulfilment', '[{"departmentCode":"fulfilment","name":"Pick & kit","standardHours":4},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]'),
  ('other', '[{"departmentCode":"prepress","name":"Prepare","standardHours":2},{"departmentCode":"press","name":"Produce","standardHours":4},{"departmentCode":"shipping","name":"Pack & ship","standardHours":1}]')
ON CONFLICT ("product_type") DO NOTHING;
