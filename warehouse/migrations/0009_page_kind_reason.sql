-- Why a page that parsed is not an article, as the extractor said it ("homepage",
-- "14 teasers, link density 0.71", "only 38 words of text"). NULL for an article and for
-- a page never parsed; a 304 or a failed fetch keeps it with the page_kind it explains.
ALTER TABLE pages ADD COLUMN kind_reason VARCHAR;
