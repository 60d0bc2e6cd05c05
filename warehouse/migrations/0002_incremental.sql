-- Incremental and replayable fetching (issue 4).
-- A page remembers its validators and its last archived copy, so the next run can skip it
-- within the recrawl interval or ask with a conditional GET; every fetch records where
-- its raw response was archived, so a page can be re-extracted without refetching.

ALTER TABLE fetches ADD COLUMN archive_path VARCHAR;
ALTER TABLE fetches ADD COLUMN archive_offset BIGINT;
ALTER TABLE fetches ADD COLUMN redirects VARCHAR[];

ALTER TABLE pages ADD COLUMN etag VARCHAR;
ALTER TABLE pages ADD COLUMN last_modified VARCHAR;
ALTER TABLE pages ADD COLUMN archive_path VARCHAR;
ALTER TABLE pages ADD COLUMN archive_offset BIGINT;

-- Entries met in feeds and sitemaps, per source: what was seen, and when.
CREATE TABLE source_entries (
    source_id      VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    lastmod        TIMESTAMPTZ,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_id, url)
);

ALTER TABLE runs ADD COLUMN pages_unchanged INTEGER;
ALTER TABLE runs ADD COLUMN pages_skipped INTEGER;
