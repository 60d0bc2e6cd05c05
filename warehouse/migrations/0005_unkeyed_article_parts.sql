-- The rows an article owns lose their primary keys, as article_bands did in 0004: its
-- signature, authors, tags, images and links. The writer keeps them unique itself (a new
-- article owns no rows; a stored one's rows are deleted, or its signature updated, in the
-- transaction that rewrites it), so a key only cost an index insert per row, which
-- nothing reads (measured: 11% of the writer's CPU time on 100k articles). The same
-- statements then serve DuckLake, which has no key constraints.
CREATE TABLE article_authors_unkeyed (
    article_id  VARCHAR NOT NULL,
    author_id   VARCHAR NOT NULL,
    position    INTEGER NOT NULL
);
INSERT INTO article_authors_unkeyed SELECT article_id, author_id, position FROM article_authors;
DROP TABLE article_authors;
ALTER TABLE article_authors_unkeyed RENAME TO article_authors;

CREATE TABLE article_tags_unkeyed (
    article_id  VARCHAR NOT NULL,
    tag_id      VARCHAR NOT NULL
);
INSERT INTO article_tags_unkeyed SELECT article_id, tag_id FROM article_tags;
DROP TABLE article_tags;
ALTER TABLE article_tags_unkeyed RENAME TO article_tags;

CREATE TABLE images_unkeyed (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    src         VARCHAR NOT NULL,
    alt         VARCHAR,
    caption     VARCHAR
);
INSERT INTO images_unkeyed SELECT article_id, position, src, alt, caption FROM images;
DROP TABLE images;
ALTER TABLE images_unkeyed RENAME TO images;

CREATE TABLE links_unkeyed (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    href        VARCHAR NOT NULL,
    text        VARCHAR
);
INSERT INTO links_unkeyed SELECT article_id, position, href, text FROM links;
DROP TABLE links;
ALTER TABLE links_unkeyed RENAME TO links;

CREATE TABLE article_signatures_unkeyed (
    article_id  VARCHAR NOT NULL,
    minhash     UBIGINT[] NOT NULL
);
INSERT INTO article_signatures_unkeyed SELECT article_id, minhash FROM article_signatures;
DROP TABLE article_signatures;
ALTER TABLE article_signatures_unkeyed RENAME TO article_signatures;
