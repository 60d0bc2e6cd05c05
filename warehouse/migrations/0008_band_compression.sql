-- article_bands is the largest table (32 rows an article) and its columns always
-- compress the same way: band hashes are random 64-bit values, which no method shrinks,
-- and an article's id repeats in its 32 rows, which a dictionary holds once. Naming the
-- methods spares every commit and checkpoint trying the others on each of its row groups
-- (bench/warehouse.py, 100k articles, one merge thread: 25,000-page transactions 5.2-5.5
-- CPU-s before, 4.2-5.1 after; one transaction per batch 13.7-14.1 before, 11.6-12.7
-- after; the same file size).
CREATE TABLE article_bands_hinted (
    band        SMALLINT NOT NULL,
    band_hash   UBIGINT NOT NULL USING COMPRESSION uncompressed,
    article_id  VARCHAR NOT NULL USING COMPRESSION dictionary
);
INSERT INTO article_bands_hinted SELECT band, band_hash, article_id FROM article_bands;
DROP TABLE article_bands;
ALTER TABLE article_bands_hinted RENAME TO article_bands;
