-- Keyword search: each passage's tsvector holds its document's title (weight A) and its text
-- (weight B), read in their segmented forms where they have one (Han/kana characters apart, like
-- SQLite's FTS5 index), kept up to date by triggers and searched through a GIN index.
CREATE FUNCTION cognate_search_vector(title text, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B') $$;
--> statement-breakpoint
ALTER TABLE "passages" ADD COLUMN "search" tsvector;
--> statement-breakpoint
CREATE INDEX "passages_search_idx" ON "passages" USING gin ("search");
--> statement-breakpoint
CREATE FUNCTION cognate_passages_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := cognate_search_vector(
    (SELECT coalesce(d.title_segmented, d.title) FROM documents d WHERE d.id = NEW.document_id),
    coalesce(NEW.text_segmented, NEW.text));
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "passages_search" BEFORE INSERT OR UPDATE OF "text", "text_segmented", "document_id" ON "passages"
  FOR EACH ROW EXECUTE FUNCTION cognate_passages_search();
--> statement-breakpoint
CREATE FUNCTION cognate_documents_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE passages SET search = cognate_search_vector(coalesce(NEW.title_segmented, NEW.title), coalesce(text_segmented, text))
    WHERE document_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "documents_search" AFTER UPDATE OF "title", "title_segmented" ON "documents"
  FOR EACH ROW EXECUTE FUNCTION cognate_documents_search();
