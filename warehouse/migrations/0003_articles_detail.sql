-- The rest of an article (tags, images, links), its earlier versions, and the views
-- analysts query (issue 5).

CREATE TABLE tags (
    tag_id  VARCHAR PRIMARY KEY,             -- hash of the case-folded tag
    name    VARCHAR NOT NULL
);

CREATE TABLE article_tags (
    article_id  VARCHAR NOT NULL,
    tag_id      VARCHAR NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);

CREATE TABLE images (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    src         VARCHAR NOT NULL,
    alt         VARCHAR,
    caption     VARCHAR,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE links (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    href        VARCHAR NOT NULL,
    text        VARCHAR,
    PRIMARY KEY (article_id, position)
);

-- A version of an article that a later fetch replaced; articles holds the current one.
CREATE TABLE article_revisions (
    article_id     VARCHAR NOT NULL,
    text_hash      VARCHAR NOT NULL,
    title          VARCHAR,
    text           VARCHAR NOT NULL,
    word_count     INTEGER NOT NULL,
    fetched_at     TIMESTAMPTZ NOT NULL,     -- when this version was stored
    replaced_at    TIMESTAMPTZ NOT NULL,     -- when the next version replaced it
    words_changed  INTEGER NOT NULL,         -- words added plus words removed by the next version
    PRIMARY KEY (article_id, text_hash, replaced_at)
);

-- Duplicate clusters are derived from articles.duplicate_of, never stored twice, so
-- they cannot drift from the decisions: a cluster is named by its representative.
CREATE VIEW cluster_members AS
SELECT coalesce(a.duplicate_of, a.article_id) AS cluster_id,
       a.article_id,
       coalesce(a.similarity, 1.0) AS similarity,
       coalesce(a.duplicate_kind, 'representative') AS matched_by
FROM articles a
WHERE a.duplicate_of IS NOT NULL
   OR a.article_id IN (SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL);

CREATE VIEW duplicate_clusters AS
SELECT m.cluster_id,
       m.cluster_id AS representative_id,
       count(*) AS size,
       min(a.published_date) AS first_published,
       count(DISTINCT a.site) AS sites
FROM cluster_members m JOIN articles a USING (article_id)
GROUP BY m.cluster_id;

-- One flat row per article.
CREATE VIEW v_articles AS
SELECT a.article_id, a.source_id, a.site, a.site_name, a.canonical_url, a.title, a.subtitle,
       (SELECT list(au.name ORDER BY aa.position) FROM article_authors aa
        JOIN authors au USING (author_id) WHERE aa.article_id = a.article_id) AS authors,
       (SELECT list(t.name ORDER BY t.name) FROM article_tags atg
        JOIN tags t USING (tag_id) WHERE atg.article_id = a.article_id) AS tags,
       a.published_at, a.published_date, a.modified_at, a.modified_date, a.language,
       a.syndicated_from, a.is_paywalled, a.word_count, a.duplicate_of IS NOT NULL AS is_duplicate,
       a.duplicate_of, a.duplicate_kind, a.similarity, a.extractor_version, a.first_seen_at,
       a.updated_at, a.text
FROM articles a;

-- Articles per source per day of publication (first seen when the page gives no date).
CREATE VIEW v_articles_per_source_day AS
SELECT source_id, coalesce(published_date, CAST(first_seen_at AS DATE)) AS day,
       count(*) AS articles, count(duplicate_of) AS duplicates
FROM articles
GROUP BY ALL;

-- Who republishes whom: copies per (republishing site, original site).
CREATE VIEW v_syndication AS
SELECT copy.site AS republished_by, orig.site AS original_site,
       any_value(orig.site_name) AS original_outlet, count(*) AS copies,
       round(avg(copy.similarity), 3) AS mean_similarity
FROM articles copy JOIN articles orig ON orig.article_id = copy.duplicate_of
GROUP BY ALL;

-- Extraction health per source: what share of articles lacks an author, a date, or text.
CREATE VIEW v_extraction_health AS
SELECT a.source_id, count(*) AS articles,
       round(avg(CASE WHEN NOT EXISTS (SELECT 1 FROM article_authors aa
                                       WHERE aa.article_id = a.article_id)
                 THEN 1 ELSE 0 END), 3) AS missing_author,
       round(avg(CASE WHEN a.published_date IS NULL THEN 1 ELSE 0 END), 3) AS missing_date,
       round(avg(CASE WHEN a.word_count < 150 THEN 1 ELSE 0 END), 3) AS short_text
FROM articles a
GROUP BY a.source_id;
