-- Stock movements get the order they took effect in: a sequence value drawn while the item's / material's row
-- is locked (created_at is the transaction's start time, so it cannot order concurrent changes).
DROP INDEX "material_movements_material_idx";--> statement-breakpoint
DROP INDEX "inventory_movements_item_idx";--> statement-breakpoint
ALTER TABLE "material_movements" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
-- Rows written before this migration keep their old order (created_at, then id).
UPDATE "material_movements" m SET "seq" = o.n
  FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM "material_movements") o
  WHERE o.id = m.id;--> statement-breakpoint
UPDATE "inventory_movements" m SET "seq" = o.n
  FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM "inventory_movements") o
  WHERE o.id = m.id;--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('material_movements', 'seq'), greatest((SELECT max("seq") FROM "material_movements"), 1));--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('inventory_movements', 'seq'), greatest((SELECT max("seq") FROM "inventory_movements"), 1));--> statement-breakpoint
-- Portal checkouts insert inventory movements as jobjacket_portal.
GRANT USAGE, SELECT ON SEQUENCE "inventory_movements_seq_seq" TO jobjacket_portal;--> statement-breakpoint
CREATE INDEX "material_movements_material_idx" ON "material_movements" USING btree ("material_id","seq");--> statement-breakpoint
CREATE INDEX "inventory_movements_item_idx" ON "inventory_movements" USING btree ("item_id","seq");
