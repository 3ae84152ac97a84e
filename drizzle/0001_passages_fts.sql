-- Full-text index over passages (BM25 through FTS5). External content: the text lives once, in passages.
CREATE VIRTUAL TABLE `passages_fts` USING fts5(text, content='passages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `passages_fts_insert` AFTER INSERT ON `passages` BEGIN
  INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `passages_fts_delete` AFTER DELETE ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `passages_fts_update` AFTER UPDATE OF `text` ON `passages` BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
