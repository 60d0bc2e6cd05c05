/* The lean scan of _guardscan.c for one width of text: included once per width with
 * CHAR (Py_UCS1 for bytes and one-byte str, Py_UCS2, Py_UCS4), SCAN(name) and
 * ONE_BYTE defined, as _guardscan_scan.h is. See lean_markup in _guardscan.c for what
 * is cut and why each rule below is the HTML tokenizer's. */

typedef struct {
    const CHAR *data;
    Py_ssize_t n;
} SCAN(Text);

/* The next `c` at or after `i`, or -1. */
static Py_ssize_t SCAN(lean_next)(const SCAN(Text) *t, Py_ssize_t i, CHAR c) {
    if (i >= t->n) {
        return -1;
    }
#if ONE_BYTE
    const void *found = memchr(t->data + i, c, (size_t)(t->n - i));
    return found != NULL ? (const CHAR *)found - t->data : -1;
#else
    for (; i < t->n; i++) {
        if (t->data[i] == c) {
            return i;
        }
    }
    return -1;
#endif
}

/* Whether the ASCII `word` (lower case) is at `i`, in either case if `fold`. */
static int SCAN(lean_at)(const SCAN(Text) *t, Py_ssize_t i, const char *word, int fold) {
    for (; *word; word++, i++) {
        if (i >= t->n) {
            return 0;
        }
        Py_UCS4 c = t->data[i];
        if (fold && c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        if (c != (Py_UCS4)(unsigned char)*word) {
            return 0;
        }
    }
    return 1;
}

/* Whether a tag name may end at `i`: the end of the text, whitespace, "/" or ">". */
static int SCAN(lean_name_ends)(const SCAN(Text) *t, Py_ssize_t i) {
    return i >= t->n || LEAN_IS(t->data[i], LEAN_TAG_NAME_END);
}

/* The next "</name" at or after `i` that the tokenizer reads as the end tag of a raw
 * text element `name`: the name in either case, then whitespace, "/" or ">". -1 if none. */
static Py_ssize_t SCAN(lean_end_tag)(const SCAN(Text) *t, Py_ssize_t i, const char *name) {
    size_t length = strlen(name);
    while ((i = SCAN(lean_next)(t, i, '<')) >= 0) {
        Py_ssize_t after = i + 2 + (Py_ssize_t)length; /* a delimiter, not the end */
        if (i + 1 < t->n && t->data[i + 1] == '/' && SCAN(lean_at)(t, i + 2, name, 1) &&
            after < t->n && SCAN(lean_name_ends)(t, after)) {
            return i;
        }
        i++;
    }
    return -1;
}

/* The position after the ">" that ends the tag whose name ends at `i`: the attributes
 * are read as the tokenizer reads them, so that a ">" in a quoted value ends nothing.
 * -1 when the text ends first. `*self_closing` says whether "/>" ended it. */
static Py_ssize_t SCAN(lean_tag_end)(const SCAN(Text) *t, Py_ssize_t i, int *self_closing) {
    const CHAR *d = t->data;
    Py_ssize_t n = t->n;
    for (;;) {
        Py_ssize_t before = i;
        while (i < n && LEAN_IS(d[i], LEAN_BEFORE_NAME)) { /* before a name */
            i++;
        }
        if (i >= n) {
            return -1;
        }
        if (d[i] == '>') {
            *self_closing = i > before && d[i - 1] == '/';
            return i + 1;
        }
        i++; /* a name's first character may be anything, "=" included */
        while (i < n && !LEAN_IS(d[i], LEAN_NAME_END)) {
            i++;
        }
        while (i < n && LEAN_IS(d[i], LEAN_SPACE)) {
            i++;
        }
        if (i >= n) {
            return -1;
        }
        if (d[i] != '=') {
            continue; /* "/", ">" or the next name */
        }
        i++;
        while (i < n && LEAN_IS(d[i], LEAN_SPACE)) {
            i++;
        }
        if (i >= n) {
            return -1;
        }
        if (d[i] == '"' || d[i] == '\'') {
            Py_ssize_t close = SCAN(lean_next)(t, i + 1, d[i]);
            if (close < 0) {
                return -1;
            }
            i = close + 1;
            continue;
        }
        while (i < n && !LEAN_IS(d[i], LEAN_VALUE_END)) { /* a bare value */
            i++;
        }
    }
}

/* The position after the comment that opens at `i` ("<!--"), or -1 if it never ends:
 * "<!-->" and "<!--->" end at once; else the first "--" (more dashes allowed) that
 * ">" or "!>" follows. */
static Py_ssize_t SCAN(lean_comment_end)(const SCAN(Text) *t, Py_ssize_t i) {
    const CHAR *d = t->data;
    Py_ssize_t n = t->n;
    if (i + 4 < n && d[i + 4] == '>') {
        return i + 5;
    }
    if (i + 5 < n && d[i + 4] == '-' && d[i + 5] == '>') {
        return i + 6;
    }
    for (Py_ssize_t j = i + 4; (j = SCAN(lean_next)(t, j, '-')) >= 0; j++) {
        if (j + 1 >= n || d[j + 1] != '-') {
            continue;
        }
        Py_ssize_t k = j + 2;
        while (k < n && d[k] == '-') {
            k++;
        }
        if (k < n && d[k] == '>') {
            return k + 1;
        }
        if (k + 1 < n && d[k] == '!' && d[k + 1] == '>') {
            return k + 2;
        }
    }
    return -1;
}

/* Whether cutting [start, end) would join what is on either side into something it
 * was not: "\r" and "\n" into one line break, or the start of a character reference
 * ("&amp", "&#38") and what follows into a longer one. */
static int SCAN(lean_joins)(const SCAN(Text) *t, Py_ssize_t start, Py_ssize_t end) {
    const CHAR *d = t->data;
    if (start > 0 && d[start - 1] == '\r' && end < t->n && d[end] == '\n') {
        return 1;
    }
    Py_ssize_t i = start - 1;
    while (i >= 0 && start - i <= LEAN_REFERENCE_MAX &&
           (is_ascii_letter(d[i]) || (d[i] >= '0' && d[i] <= '9') || d[i] == '#')) {
        i--;
    }
    return i >= 0 && d[i] == '&';
}

/* Whether the case-folded ASCII `word` is anywhere in [from, to). */
static int SCAN(lean_holds)(const SCAN(Text) *t, Py_ssize_t from, Py_ssize_t to, const char *word) {
    size_t length = strlen(word);
    for (Py_ssize_t i = from; i + (Py_ssize_t)length <= to; i++) {
        if (SCAN(lean_at)(t, i, word, 1)) {
            return 1;
        }
    }
    return 0;
}

/* Whether a script's text [from, to) may hold an end tag that ends nothing: after
 * "<!--", a "<script" that whitespace, "/" or ">" follows puts the tokenizer in the
 * double-escaped state, where "</script>" does not end the script. */
static int SCAN(lean_escapes)(const SCAN(Text) *t, Py_ssize_t from, Py_ssize_t to) {
    for (Py_ssize_t i = from; (i = SCAN(lean_next)(t, i, '<')) >= 0 && i < to; i++) {
        if (SCAN(lean_at)(t, i, "<!--", 0)) {
            for (Py_ssize_t j = i + 4; (j = SCAN(lean_next)(t, j, '<')) >= 0 && j < to; j++) {
                if (SCAN(lean_at)(t, j + 1, "script", 1) && SCAN(lean_name_ends)(t, j + 7)) {
                    return 1;
                }
            }
            return 0;
        }
    }
    return 0;
}

/* The cuts of the text, in order, into `cuts`; 0, or -1 with a MemoryError. */
static int SCAN(lean_cuts)(const SCAN(Text) *t, Cuts *cuts) {
    const CHAR *d = t->data;
    Py_ssize_t n = t->n;
    Py_ssize_t i = 0;
    while ((i = SCAN(lean_next)(t, i, '<')) >= 0 && i + 1 < n) {
        CHAR c = d[i + 1];
        if (c == '!') {
            if (SCAN(lean_at)(t, i + 2, "--", 0)) {
                Py_ssize_t end = SCAN(lean_comment_end)(t, i);
                if (end < 0) {
                    return 0;
                }
                if (SCAN(lean_joins)(t, i, end) == 0 && add_cut(cuts, i, end) < 0) {
                    return -1;
                }
                i = end;
                continue;
            }
            /* A doctype, or a bogus comment (CDATA outside foreign content): to ">". */
            i = SCAN(lean_next)(t, i + 2, '>');
            if (i < 0) {
                return 0;
            }
            continue;
        }
        if (c == '?' || (c == '/' && (i + 2 >= n || !is_ascii_letter(d[i + 2])))) {
            if (c == '/' && i + 2 < n && d[i + 2] == '>') { /* "</>" is dropped */
                i += 3;
                continue;
            }
            i = SCAN(lean_next)(t, i + 2, '>'); /* a bogus comment */
            if (i < 0) {
                return 0;
            }
            continue;
        }
        int closing = c == '/';
        Py_ssize_t name = i + 1 + closing;
        if (!is_ascii_letter(d[name])) {
            i++; /* "<" that opens no tag is text */
            continue;
        }
        Py_ssize_t name_end = name + 1;
        while (!SCAN(lean_name_ends)(t, name_end)) {
            name_end++;
        }
        int self_closing = 0;
        Py_ssize_t tag_end = SCAN(lean_tag_end)(t, name_end, &self_closing);
        if (tag_end < 0) {
            return 0;
        }
        i = tag_end;
        if (closing) {
            continue;
        }
        const char *kind = NULL;
        Py_UCS4 initial = d[name] | 0x20; /* an ASCII letter, in lower case */
        for (const LeanName *known = LEAN_NAMES; kind == NULL && known->name; known++) {
            if ((Py_UCS4)known->name[0] == initial && known->length == name_end - name &&
                SCAN(lean_at)(t, name, known->name, 1)) {
                kind = known->name;
            }
        }
        if (kind == NULL) {
            continue;
        }
        if (!strcmp(kind, "plaintext") || !strcmp(kind, "frameset")) {
            return 0; /* the rest is text, or a frameset's: left whole */
        }
        int foreign = !strcmp(kind, "svg") || !strcmp(kind, "math");
        if (foreign && self_closing) {
            continue; /* "<svg/>": an empty element */
        }
        if (foreign) {
            /* Markup, read to its end tag; one that holds another is left whole. */
            Py_ssize_t end = SCAN(lean_end_tag)(t, tag_end, kind);
            for (Py_ssize_t j = tag_end; end >= 0 && (j = SCAN(lean_next)(t, j, '<')) >= 0 &&
                                         j < end;
                 j++) {
                if ((SCAN(lean_at)(t, j + 1, "svg", 1) && SCAN(lean_name_ends)(t, j + 4)) ||
                    (SCAN(lean_at)(t, j + 1, "math", 1) && SCAN(lean_name_ends)(t, j + 5))) {
                    return 0;
                }
            }
            if (end < 0) {
                return 0;
            }
            i = end;
            continue;
        }
        Py_ssize_t end = SCAN(lean_end_tag)(t, tag_end, kind);
        if (end < 0) {
            return 0; /* raw text to the end of the page: left as it is */
        }
        int cut = !strcmp(kind, "style");
        if (!strcmp(kind, "script")) {
            if (SCAN(lean_escapes)(t, tag_end, end)) {
                return 0;
            }
            /* JSON-LD, or a type that a character reference may spell so. */
            cut = !SCAN(lean_holds)(t, name, tag_end, "ld+json") &&
                  !SCAN(lean_holds)(t, name, tag_end, "&");
        }
        if (cut && end > tag_end && add_cut(cuts, tag_end, end) < 0) {
            return -1;
        }
        i = end;
    }
    return 0;
}
