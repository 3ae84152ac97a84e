-- The document title becomes a second FTS5 column (column 1), so that a title word finds the
-- document's passages and bm25() can weigh it above body text. The index reads its content
-- through a view (passages joined to their document), so the text still lives once.
DROP TRIGGER IF EXISTS `passages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `passages_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `passages_fts_update`;
--> statement-breakpoint
DROP TABLE IF EXISTS `passages_fts`;
--> statement-breakpoint
CREATE VIEW `passages_fts_content` AS SELECT p.id AS id, p.text AS text, d.title AS title FROM passages p JOIN documents d ON d.id = p.document_id;
--> statement-breakpoint
CREATE VIRTUAL TABLE `passages_fts` USING fts5(text, title, content='passages_fts_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `passages_fts_insert` AFTER INSERT ON `passages` BEGIN
  INSERT INTO passages_fts(rowid, text, title) SELECT new.id, new.text, d.title FROM documents d WHERE d.id = new.document_id;
END;
--> statement-breakpoint
-- A passage removed on its own: its document is still there to give the indexed title. When the
-- document itself goes, its rows leave the index in documents_fts_delete (the cascade that then
-- removes the passages runs after the document row is gone, so this trigger finds nothing to do).
CREATE TRIGGER `passages_fts_delete` AFTER DELETE ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', old.id, old.text, d.title FROM documents d WHERE d.id = old.document_id;
END;
--> statement-breakpoint
CREATE TRIGGER `passages_fts_update` AFTER UPDATE OF `text`, `document_id` ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', old.id, old.text, d.title FROM documents d WHERE d.id = old.document_id;
  INSERT INTO passages_fts(rowid, text, title) SELECT new.id, new.text, d.title FROM documents d WHERE d.id = new.document_id;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_delete` BEFORE DELETE ON `documents` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', p.id, p.text, old.title FROM passages p WHERE p.document_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_title` AFTER UPDATE OF `title` ON `documents` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', p.id, p.text, old.title FROM passages p WHERE p.document_id = old.id;
  INSERT INTO passages_fts(rowid, text, title) SELECT p.id, p.text, new.title FROM passages p WHERE p.document_id = new.id;
END;
--> statement-breakpoint
-- Backfill: index every existing passage with its text and its document's title.
INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');
