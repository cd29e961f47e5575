-- 0010-search-fold.sql: a registry search that folds Japanese, with an index
--
-- The counter types 「ひご」, 「ﾋｺﾞ」 or 「S25.3.10」; the registry holds
-- ヒゴ イチロウ and 1950-03-10 (issue 16). madoguchi.fold() folds text the
-- way src/core/mdg-kana.c does (tests/ward checks both on one corpus): NFKC,
-- ASCII lower case, no spaces, 長音, ・ or variation selectors, katakana for
-- hiragana, large kana for small, and the common form of the kanji variants
-- of data/search/kanji-variants.tsv (its pairs are the tail of the
-- translate() below; a change to that file is a new migration redefining
-- fold(), which recomputes the stored columns).
--
-- Each household keeps, computed by the ward whoever writes the row:
--   search_key    the members' folded names and kana, one a line;
--   search_grams  every run of one, two and three characters of those
--                 lines, GIN-indexed;
--   births        the members' birth dates (YYYY-MM-DD), GIN-indexed.
-- A query of one or two characters looks itself up, a longer one the runs
-- of three it is made of; then the key is checked for the whole query. pg_trgm is not
-- used: it keeps only the characters the database's LC_CTYPE calls letters,
-- which in a C-locale database (as ward setup's initdb makes them) drops
-- every kana and kanji, and it cannot serve one- or two-character queries.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE FUNCTION madoguchi.fold (p_text text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.translate (
    pg_catalog.regexp_replace (normalize (p_text, NFKC),
                               '[\uFE00-\uFE0F\U000E0100-\U000E01EF]', '', 'g'),
    'ABCDEFGHIJKLMNOPQRSTUVWXYZぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖゝゞァィゥェォッャュョヮヵヶ髙﨑嵜邊邉濱濵齋齊斉澤櫻廣國嶋嶌眞惠德藏瀨榮關圓實淺萬與增黑嶽冨埜杦檜槇𠮷舘' || E'\t\n\x0B\f\r ・ー',
    'abcdefghijklmnopqrstuvwxyzアアイイウウエエオオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂツツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモヤヤユユヨヨラリルレロワワヰヱヲンヴカケヽヾアイウエオツヤユヨワカケ高崎崎辺辺浜浜斎斎斎沢桜広国島島真恵徳蔵瀬栄関円実浅万与増黒岳富野杉桧槙吉館');

-- Every run of one, two and three characters of each line.
CREATE FUNCTION madoguchi.search_grams (p_key text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce (pg_catalog.array_agg (DISTINCT g.gram), '{}')
            FROM pg_catalog.regexp_split_to_table (p_key, E'\n') l (line),
                 LATERAL (SELECT pg_catalog.substr (l.line, i, n)
                            FROM pg_catalog.generate_series (1, pg_catalog.char_length (l.line)) i,
                                 pg_catalog.generate_series (1, 3) n
                           WHERE i + n - 1 <= pg_catalog.char_length (l.line)) g (gram));

-- What a folded query looks up: itself when it has one or two characters,
-- else its runs of three. One element for queries of up to three
-- characters, so that the planner's statistics of each element choose
-- between the index (a rare one) and a scan that stops at the limit (a
-- common one).
CREATE FUNCTION madoguchi.query_grams (p_query text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN pg_catalog.char_length (p_query) < 3 THEN ARRAY[p_query]
         ELSE (SELECT pg_catalog.array_agg (DISTINCT pg_catalog.substr (p_query, i, 3))
                 FROM pg_catalog.generate_series (1, pg_catalog.char_length (p_query) - 2) i)
         END;

-- The plain text of 0008 stays for the extracts that write it; nothing
-- searches it any more. The new columns are the ward's own: a trigger
-- computes them (once a row, where generated columns would fold twice)
-- whoever writes the row.
ALTER TABLE madoguchi.registry
  ALTER COLUMN search SET DEFAULT '',
  ADD COLUMN search_key text NOT NULL DEFAULT '',
  ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}',
  ADD COLUMN births text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION madoguchi.registry_fold () RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  SELECT coalesce (string_agg (madoguchi.fold (coalesce (m->>'name', '')) || E'\n' ||
                               madoguchi.fold (coalesce (m->>'kana', '')), E'\n'), ''),
         coalesce (array_agg (DISTINCT m->>'birth_date')
                     FILTER (WHERE m->>'birth_date' IS NOT NULL), '{}')
    INTO NEW.search_key, NEW.births
    FROM jsonb_array_elements (NEW.household->'members') m;
  NEW.search_grams := madoguchi.search_grams (NEW.search_key);
  RETURN NEW;
END
$$;

CREATE TRIGGER registry_fold BEFORE INSERT OR UPDATE OF household ON madoguchi.registry
  FOR EACH ROW EXECUTE FUNCTION madoguchi.registry_fold ();

UPDATE madoguchi.registry SET household = household;

-- fastupdate off: a pending list (of an extract's load) would be read
-- through by every search until vacuum merged it.
CREATE INDEX registry_search_grams ON madoguchi.registry USING gin (search_grams)
  WITH (fastupdate = off);
CREATE INDEX registry_births ON madoguchi.registry USING gin (births)
  WITH (fastupdate = off);

-- Households with a member born on @p_pattern (YYYY-MM-DD: the counter
-- parses 和暦 and the compact forms), or whose folded names or kana contain
-- the folded @p_pattern; at most @p_limit. The search and the households it
-- showed go to the audit. (The parameter keeps the name of 0009's LIKE
-- pattern: CREATE OR REPLACE cannot rename it, and the grants stay.)
CREATE OR REPLACE FUNCTION madoguchi.search_registry (p_pattern text, p_limit integer)
  RETURNS SETOF jsonb
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  -- planned with the query's own grams: a generic plan cannot tell
  -- a common character from a rare one
  SET plan_cache_mode = force_custom_plan
  AS $$
DECLARE
  v_ids text[] := '{}';
  v_query text;
  v_limit integer := least (greatest (p_limit, 0), 100);
BEGIN
  PERFORM madoguchi.require ('madoguchi_counter');
  IF p_pattern ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
    SELECT coalesce (array_agg (x.id ORDER BY x.id), '{}') INTO v_ids
      FROM (SELECT r.id FROM madoguchi.registry r
             WHERE r.births @> ARRAY[p_pattern] LIMIT v_limit) x;
  ELSE
    v_query := madoguchi.fold (coalesce (p_pattern, ''));
    IF v_query <> '' THEN
      SELECT coalesce (array_agg (x.id ORDER BY x.id), '{}') INTO v_ids
        FROM (SELECT r.id FROM madoguchi.registry r
               WHERE r.search_grams @> madoguchi.query_grams (v_query)
                 -- up to three characters the gram is the query: no check
                 -- to make the planner think fewer rows match than do
                 AND (char_length (v_query) <= 3 OR strpos (r.search_key, v_query) > 0)
               LIMIT v_limit) x;
    END IF;
  END IF;
  INSERT INTO madoguchi.audit (id, at, staff, action, subject, fields)
    VALUES (gen_random_uuid (), clock_timestamp (), session_user, 'search', 'registry',
            jsonb_build_object ('households', to_jsonb (v_ids)));
  RETURN QUERY SELECT r.household FROM madoguchi.registry r
    WHERE r.id = ANY (v_ids) ORDER BY r.id;
END
$$;
