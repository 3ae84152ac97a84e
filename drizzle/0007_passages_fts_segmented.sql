-- Chinese and Japanese keyword search: unicode61 keeps a run of Han characters as one token, so
-- "模型" never matched "训练模型时". The index now reads a segmented form of the text and title
-- (lib/db/fts-text.ts: every Han/kana character a token of its own, English untouched so porter
-- still stems it) from the columns added in 0006, which hold NULL where that form is the text
-- itself. Queries search a word as the phrase of its characters. highlight() output loses the
-- separators in the application, so highlights and offsets stay on the stored text.
-- Backfill: cognate_fts_text() is registered by openDatabase (registerFtsFunctions) before migrating.
UPDATE `passages` SET `text_segmented` = cognate_fts_text(`text`);
--> statement-breakpoint
UPDATE `documents` SET `title_segmented` = cognate_fts_text(`title`);
--> statement-breakpoint
DROP TRIGGER IF EXISTS `passages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `passages_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `passages_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `documents_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `documents_fts_title`;
--> statement-breakpoint
DROP TABLE IF EXISTS `passages_fts`;
--> statement-breakpoint
DROP VIEW IF EXISTS `passages_fts_content`;
--> statement-breakpoint
CREATE VIEW `passages_fts_content` AS SELECT p.id AS id, coalesce(p.text_segmented, p.text) AS text, coalesce(d.title_segmented, d.title) AS title FROM passages p JOIN documents d ON d.id = p.document_id;
--> statement-breakpoint
CREATE VIRTUAL TABLE `passages_fts` USING fts5(text, title, content='passages_fts_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `passages_fts_insert` AFTER INSERT ON `passages` BEGIN
  INSERT INTO passages_fts(rowid, text, title) SELECT new.id, coalesce(new.text_segmented, new.text), coalesce(d.title_segmented, d.title) FROM documents d WHERE d.id = new.document_id;
END;
--> statement-breakpoint
-- A passage removed on its own; when its document goes, documents_fts_delete has already taken its rows out.
CREATE TRIGGER `passages_fts_delete` AFTER DELETE ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', old.id, coalesce(old.text_segmented, old.text), coalesce(d.title_segmented, d.title) FROM documents d WHERE d.id = old.document_id;
END;
--> statement-breakpoint
CREATE TRIGGER `passages_fts_update` AFTER UPDATE OF `text`, `text_segmented`, `document_id` ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', old.id, coalesce(old.text_segmented, old.text), coalesce(d.title_segmented, d.title) FROM documents d WHERE d.id = old.document_id;
  INSERT INTO passages_fts(rowid, text, title) SELECT new.id, coalesce(new.text_segmented, new.text), coalesce(d.title_segmented, d.title) FROM documents d WHERE d.id = new.document_id;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_delete` BEFORE DELETE ON `documents` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', p.id, coalesce(p.text_segmented, p.text), coalesce(old.title_segmented, old.title) FROM passages p WHERE p.document_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_title` AFTER UPDATE OF `title`, `title_segmented` ON `documents` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text, title) SELECT 'delete', p.id, coalesce(p.text_segmented, p.text), coalesce(old.title_segmented, old.title) FROM passages p WHERE p.document_id = old.id;
  INSERT INTO passages_fts(rowid, text, title) SELECT p.id, coalesce(p.text_segmented, p.text), coalesce(new.title_segmented, new.title) FROM passages p WHERE p.document_id = new.id;
END;
--> statement-breakpoint
-- Backfill: index every existing passage in its segmented form.
INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');
