-- pressroom warehouse, first layout.
-- Keys are deterministic hashes (see warehouse/ids.py) so that re-ingesting the same
-- page produces the same keys and upserts instead of adding rows.
-- Timestamps are UTC (TIMESTAMPTZ); a date known without a time is a DATE column.

CREATE TABLE sources (
    source_id   VARCHAR PRIMARY KEY,          -- the name given in config or on the CLI
    kind        VARCHAR NOT NULL,             -- urls | dir | feed | sitemap | demo
    location    VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE runs (
    run_id            VARCHAR PRIMARY KEY,    -- uuid; also the Prefect flow run id when there is one
    flow_run_id       VARCHAR,
    source_id         VARCHAR NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            VARCHAR NOT NULL,       -- running | completed | failed
    pages_discovered  INTEGER,
    pages_fetched     INTEGER,
    articles_new      INTEGER,
    articles_updated  INTEGER,
    not_articles      INTEGER,
    duplicates        INTEGER,
    errors            INTEGER
);

-- The fetch log: one row per HTTP attempt (or file read), never updated.
CREATE TABLE fetches (
    fetch_id       VARCHAR PRIMARY KEY,
    run_id         VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    status         INTEGER,
    content_type   VARCHAR,
    bytes          BIGINT,
    elapsed_ms     DOUBLE,
    attempt        INTEGER NOT NULL,
    error_class    VARCHAR,
    error_message  VARCHAR,
    fetched_at     TIMESTAMPTZ NOT NULL
);

-- One row per canonical URL.
CREATE TABLE pages (
    page_id          VARCHAR PRIMARY KEY,
    canonical_url    VARCHAR NOT NULL,       -- page_id is its hash, so it is unique too
    source_id        VARCHAR NOT NULL,
    page_kind        VARCHAR,                -- article | listing | other | NULL when never parsed
    last_status      INTEGER,
    first_seen_at    TIMESTAMPTZ NOT NULL,
    last_fetched_at  TIMESTAMPTZ
);

-- Every URL under which a page was met (tracking-parameter variants, redirects, canonicals).
CREATE TABLE page_urls (
    url            VARCHAR PRIMARY KEY,
    page_id        VARCHAR NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE articles (
    article_id         VARCHAR PRIMARY KEY,  -- = page_id: one current article per page
    page_id            VARCHAR NOT NULL,
    source_id          VARCHAR NOT NULL,
    url                VARCHAR NOT NULL,
    canonical_url      VARCHAR NOT NULL,
    site               VARCHAR NOT NULL,     -- host[:port] of the canonical URL, without www.
    title              VARCHAR,
    subtitle           VARCHAR,
    published_at       TIMESTAMPTZ,
    published_date     DATE,
    modified_at        TIMESTAMPTZ,
    modified_date      DATE,
    language           VARCHAR,
    site_name          VARCHAR,
    description        VARCHAR,
    syndicated_from    VARCHAR,
    is_paywalled       BOOLEAN NOT NULL,
    text               VARCHAR NOT NULL,
    word_count         INTEGER NOT NULL,
    text_hash          VARCHAR NOT NULL,     -- sha1 of the normalised text
    duplicate_of       VARCHAR,              -- article_id of the original, NULL for originals
    duplicate_kind     VARCHAR,              -- exact | near
    similarity         DOUBLE,               -- estimated Jaccard to the original
    extractor_version  VARCHAR NOT NULL,
    first_seen_at      TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE authors (
    author_id  VARCHAR PRIMARY KEY,          -- hash of the case-folded name
    name       VARCHAR NOT NULL
);

CREATE TABLE article_authors (
    article_id  VARCHAR NOT NULL,
    author_id   VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);

-- MinHash signatures and their LSH band hashes: a new article is compared with every
-- article ever stored, not only with its own batch.
CREATE TABLE article_signatures (
    article_id  VARCHAR PRIMARY KEY,
    minhash     UBIGINT[] NOT NULL
);

CREATE TABLE article_bands (
    band        SMALLINT NOT NULL,
    band_hash   UBIGINT NOT NULL,
    article_id  VARCHAR NOT NULL,
    PRIMARY KEY (band, band_hash, article_id)
);

-- Pages that produced no article, and why. One row per (url, stage), updated when the
-- failure recurs, so that the table says what is failing now.
CREATE TABLE errors (
    url            VARCHAR NOT NULL,
    stage          VARCHAR NOT NULL,         -- fetch | extract | load
    error_class    VARCHAR NOT NULL,
    message        VARCHAR NOT NULL,
    run_id         VARCHAR NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    occurrences    INTEGER NOT NULL,
    PRIMARY KEY (url, stage)
);
