/* The scanner of _guardscan.c for one width of str: included once per width with CHAR
 * (Py_UCS1, Py_UCS2 or Py_UCS4) and SCAN(name) (the name with the width's suffix)
 * defined, so that each reads its characters as plain array elements. */

typedef struct {
    const CHAR *data;
    Py_ssize_t n;
    Py_ssize_t limit;
} SCAN(Page);

/* (?![^\s/>]): the end of the page, or whitespace, "/" or ">" next. */
static int SCAN(name_ends)(const SCAN(Page) *page, Py_ssize_t i) {
    if (i >= page->n) {
        return 1;
    }
    Py_UCS4 c = page->data[i];
    return is_space(c) || c == '/' || c == '>';
}

/* The position after `name` (case-folded) at `i`, or FAIL. */
static Py_ssize_t SCAN(read_name)(const SCAN(Page) *page, Py_ssize_t i, const char *name) {
    for (const char *letter = name; *letter; letter++, i++) {
        if (i >= page->n || !folds_to(page->data[i], *letter)) {
            return FAIL;
        }
    }
    return i;
}

/* (?ai:name1|name2|...) followed by name_end: the position after the name, or FAIL. */
static Py_ssize_t SCAN(read_one_of)(const SCAN(Page) *page, Py_ssize_t i, const char *const *names) {
    for (; *names; names++) {
        Py_ssize_t end = SCAN(read_name)(page, i, *names);
        if (end != FAIL && SCAN(name_ends)(page, end)) {
            return end;
        }
    }
    return FAIL;
}

/* The next "<" at or after `i`, or the end: [^<]*+ */
static Py_ssize_t SCAN(skip_text)(const SCAN(Page) *page, Py_ssize_t i) {
#if ONE_BYTE
    const void *found = i < page->n ? memchr(page->data + i, '<', (size_t)(page->n - i)) : NULL;
    return found != NULL ? (const CHAR *)found - page->data : page->n;
#else
    while (i < page->n && page->data[i] != '<') {
        i++;
    }
    return i;
#endif
}

/* One attribute (the regex's _ATTRIBUTE) from `i`, or FAIL:
 * [\s/]*+ [^\s/>] [^\s/>=]*+ (?: \s*+ = \s*+ (?:"[^"]*+"|'[^']*+'|[^\s>]*+) )?+
 * (the regex tries ="..." first on its own; it reads the same as this general form). */
static Py_ssize_t SCAN(read_attribute)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t n = page->n;
    while (i < n && (is_space(page->data[i]) || page->data[i] == '/')) {
        i++;
    }
    if (i >= n || page->data[i] == '>') {
        return FAIL;
    }
    i++;
    while (i < n) {
        Py_UCS4 c = page->data[i];
        if (is_space(c) || c == '/' || c == '>' || c == '=') {
            break;
        }
        i++;
    }
    Py_ssize_t name_end = i;
    Py_ssize_t j = i;
    while (j < n && is_space(page->data[j])) {
        j++;
    }
    if (j >= n || page->data[j] != '=') {
        return name_end; /* no value: the optional group matches nothing */
    }
    j++;
    while (j < n && is_space(page->data[j])) {
        j++;
    }
    if (j < n && (page->data[j] == '"' || page->data[j] == '\'')) {
        Py_UCS4 quote = page->data[j];
        Py_ssize_t k = j + 1;
        while (k < n && page->data[k] != quote) {
            k++;
        }
        if (k < n) {
            return k + 1;
        }
        /* An unclosed quote: the bare value alternative reads from the quote on. */
    }
    while (j < n && !is_space(page->data[j]) && page->data[j] != '>') {
        j++;
    }
    return j;
}

/* (?:ATTRIBUTE){0,limit}+ (?!ATTRIBUTE): FAIL when a tag has more than `limit`. */
static Py_ssize_t SCAN(read_attributes)(const SCAN(Page) *page, Py_ssize_t i) {
    for (Py_ssize_t count = 0;; count++) {
        Py_ssize_t next = SCAN(read_attribute)(page, i);
        if (next == FAIL) {
            return i;
        }
        if (count == page->limit) {
            return FAIL;
        }
        i = next;
    }
}

/* A tag name: [a-zA-Z][^\s/>]*+ from `i` (which holds a letter). */
static Py_ssize_t SCAN(read_tag_name)(const SCAN(Page) *page, Py_ssize_t i) {
    i++;
    while (i < page->n) {
        Py_UCS4 c = page->data[i];
        if (is_space(c) || c == '/' || c == '>') {
            break;
        }
        i++;
    }
    return i;
}

/* /[a-zA-Z][^<>"']{0,2*limit-2}+> : an end tag read in one step. */
static Py_ssize_t SCAN(read_plain_end_tag)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t n = page->n;
    if (i + 1 >= n || page->data[i] != '/' || !is_ascii_letter(page->data[i + 1])) {
        return FAIL;
    }
    i += 2;
    Py_ssize_t most = 2 * page->limit - 2;
    for (Py_ssize_t read = 0; read < most && i < n; read++, i++) {
        Py_UCS4 c = page->data[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') {
            break;
        }
    }
    return i < n && page->data[i] == '>' ? i + 1 : FAIL;
}

/* markup, after a "<": a plain end tag, a tag with its attributes, or no tag at all
 * (a "<" that no letter follows is text). */
static Py_ssize_t SCAN(read_markup)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t end = SCAN(read_plain_end_tag)(page, i);
    if (end != FAIL) {
        return end;
    }
    Py_ssize_t j = i < page->n && page->data[i] == '/' ? i + 1 : i;
    if (j < page->n && is_ascii_letter(page->data[j])) {
        return SCAN(read_attributes)(page, SCAN(read_tag_name)(page, j));
    }
    return i;
}

/* common: a plain end tag, or a start tag whose first letter begins none of the names
 * that the other alternatives read. */
static Py_ssize_t SCAN(read_common)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t end = SCAN(read_plain_end_tag)(page, i);
    if (end != FAIL) {
        return end;
    }
    if (i >= page->n) {
        return FAIL;
    }
    Py_UCS4 c = page->data[i];
    if (!is_ascii_letter(c) || strchr("fimnstxFIMNSTX", (int)c) != NULL) {
        return FAIL;
    }
    return SCAN(read_attributes)(page, SCAN(read_tag_name)(page, i));
}

/* A raw-text element's start tag, then its text up to the first "</" and raw-text name. */
static Py_ssize_t SCAN(read_raw_text)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t n = page->n;
    i = SCAN(read_one_of)(page, i, RAW_TEXT);
    if (i == FAIL) {
        return FAIL;
    }
    i = SCAN(read_attributes)(page, i);
    if (i == FAIL) {
        return FAIL;
    }
    while (i < n && (is_space(page->data[i]) || page->data[i] == '/')) {
        i++;
    }
    if (i >= n || page->data[i] != '>') {
        return FAIL;
    }
    for (i = SCAN(skip_text)(page, i + 1); i < n; i = SCAN(skip_text)(page, i + 1)) {
        if (i + 1 >= n || page->data[i + 1] != '/') {
            continue;
        }
        for (const char *const *name = RAW_TEXT; *name; name++) {
            if (SCAN(read_name)(page, i + 2, *name) != FAIL) {
                return i;
            }
        }
    }
    return n;
}

/* An <svg> or <math> element (`name`) read as markup to its own end tag; FAIL when it
 * holds another one (its end could not be told from the inner one's) or never ends. */
static Py_ssize_t SCAN(read_foreign)(const SCAN(Page) *page, Py_ssize_t i, const char *name) {
    Py_ssize_t n = page->n;
    i = SCAN(read_name)(page, i, name);
    if (i == FAIL || !SCAN(name_ends)(page, i)) {
        return FAIL;
    }
    i = SCAN(read_attributes)(page, i);
    if (i == FAIL) {
        return FAIL;
    }
    for (;;) {
        i = SCAN(skip_text)(page, i);
        if (i >= n) {
            return FAIL;
        }
        if (SCAN(read_one_of)(page, i + 1, FOREIGN) != FAIL) {
            return FAIL;
        }
        if (i + 1 < n && page->data[i + 1] == '/') {
            Py_ssize_t end = SCAN(read_name)(page, i + 2, name);
            if (end != FAIL && SCAN(name_ends)(page, end)) {
                return i;
            }
        }
        Py_ssize_t next = SCAN(read_markup)(page, i + 1);
        if (next == FAIL) {
            return FAIL;
        }
        i = next;
    }
}

/* html: any markup but a start of svg, math or frameset. */
static Py_ssize_t SCAN(read_html)(const SCAN(Page) *page, Py_ssize_t i) {
    if (SCAN(read_one_of)(page, i, MARKUP_FROM) != FAIL) {
        return FAIL;
    }
    return SCAN(read_markup)(page, i);
}

/* rest: from an <svg>, <math> or <frameset> the alternatives above could not read, the
 * page to its end as markup. */
static int SCAN(reads_rest)(const SCAN(Page) *page, Py_ssize_t i) {
    Py_ssize_t n = page->n;
    if (i >= n || page->data[i] != '<') {
        return 0;
    }
    i = SCAN(read_one_of)(page, i + 1, MARKUP_FROM);
    if (i == FAIL) {
        return 0;
    }
    i = SCAN(read_attributes)(page, i);
    if (i == FAIL) {
        return 0;
    }
    for (;;) {
        i = SCAN(skip_text)(page, i);
        if (i >= n) {
            return 1;
        }
        Py_ssize_t next = SCAN(read_markup)(page, i + 1);
        if (next == FAIL) {
            return 0;
        }
        i = next;
    }
}

static int SCAN(tags_within)(const SCAN(Page) *page) {
    Py_ssize_t i = SCAN(skip_text)(page, 0);
    while (i < page->n) {
        Py_ssize_t p = i + 1;
        Py_ssize_t end = SCAN(read_common)(page, p);
        if (end == FAIL) {
            end = SCAN(read_raw_text)(page, p);
        }
        if (end == FAIL) {
            end = SCAN(read_foreign)(page, p, "svg");
        }
        if (end == FAIL) {
            end = SCAN(read_foreign)(page, p, "math");
        }
        if (end == FAIL) {
            end = SCAN(read_html)(page, p);
        }
        if (end == FAIL) {
            return SCAN(reads_rest)(page, i);
        }
        i = SCAN(skip_text)(page, end);
    }
    return 1;
}
