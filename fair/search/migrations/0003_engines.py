"""The full-text engines. PostgreSQL: unaccent and pg_trgm, an IMMUTABLE unaccent wrapper (f_unaccent: what an
expression index over folded text calls), a text-search
configuration that folds marks without stemming (Vietnamese words are syllables), GIN indexes on both vectors.
SQLite: two FTS5 tables over the documents (folded: remove_diacritics 2; as written: no folding) kept in step by
triggers, so any write to a document, a cascade included, reaches them in the same transaction. Then every
document is made from the catalogue as it is."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

POSTGRESQL = [
    ("""CREATE OR REPLACE FUNCTION public.f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
     "DROP FUNCTION IF EXISTS public.f_unaccent(text)"),
    ("""DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vi_folded') THEN
            CREATE TEXT SEARCH CONFIGURATION public.vi_folded (COPY = pg_catalog.simple);
            ALTER TEXT SEARCH CONFIGURATION public.vi_folded
              ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.simple;
          END IF;
        END $$""",
     "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.vi_folded"),
    # fastupdate off: a saved product goes straight into the index, not into a pending list that every search
    # must read (and that makes the planner prefer a scan after a large import).
    ("CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector) WITH (fastupdate = off)",
     "DROP INDEX IF EXISTS search_document_vector"),
    ("CREATE INDEX search_document_vector_exact ON search_searchdocument USING gin (vector_exact)"
     " WITH (fastupdate = off)",
     "DROP INDEX IF EXISTS search_document_vector_exact"),
]

SQLITE = [
    ("""CREATE VIRTUAL TABLE search_fts USING fts5(names_folded, body_folded, content='search_searchdocument',
        content_rowid='id', tokenize='unicode61 remove_diacritics 2')""", "DROP TABLE IF EXISTS search_fts"),
    ("""CREATE VIRTUAL TABLE search_fts_exact USING fts5(names, body, content='search_searchdocument',
        content_rowid='id', tokenize='unicode61 remove_diacritics 0')""", "DROP TABLE IF EXISTS search_fts_exact"),
    ("""CREATE TRIGGER search_document_inserted AFTER INSERT ON search_searchdocument BEGIN
          INSERT INTO search_fts(rowid, names_folded, body_folded) VALUES (new.id, new.names_folded, new.body_folded);
          INSERT INTO search_fts_exact(rowid, names, body) VALUES (new.id, new.names, new.body);
        END""", "DROP TRIGGER IF EXISTS search_document_inserted"),
    ("""CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument BEGIN
          INSERT INTO search_fts(search_fts, rowid, names_folded, body_folded)
            VALUES ('delete', old.id, old.names_folded, old.body_folded);
          INSERT INTO search_fts_exact(search_fts_exact, rowid, names, body) VALUES ('delete', old.id, old.names, old.body);
        END""", "DROP TRIGGER IF EXISTS search_document_deleted"),
    ("""CREATE TRIGGER search_document_updated AFTER UPDATE OF names, body, names_folded, body_folded
        ON search_searchdocument BEGIN
          INSERT INTO search_fts(search_fts, rowid, names_folded, body_folded)
            VALUES ('delete', old.id, old.names_folded, old.body_folded);
          INSERT INTO search_fts_exact(search_fts_exact, rowid, names, body) VALUES ('delete', old.id, old.names, old.body);
          INSERT INTO search_fts(rowid, names_folded, body_folded) VALUES (new.id, new.names_folded, new.body_folded);
          INSERT INTO search_fts_exact(rowid, names, body) VALUES (new.id, new.names, new.body);
        END""", "DROP TRIGGER IF EXISTS search_document_updated"),
]


class _OnPostgreSQL:
    """An extension operation that does nothing on other databases, both ways (Django's skips only forwards)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Unaccent(_OnPostgreSQL, UnaccentExtension):
    pass


class Trigram(_OnPostgreSQL, TrigramExtension):
    pass


def _statements(schema_editor):
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])


def forwards(apps, schema_editor):
    for create, _drop in _statements(schema_editor):
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    for _create, drop in reversed(_statements(schema_editor)):
        schema_editor.execute(drop)


def rebuild(apps, schema_editor):
    from fair.search.services import index_rebuild

    index_rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_provinces"), ("booths", "0006_areas_get_their_own_apps")]
    operations = [
        Unaccent(),
        Trigram(),
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
