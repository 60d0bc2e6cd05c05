/* The attribute and tag counts of the hostile-input guard (guard.py), in C.
 *
 * tag_counts(text) is (text.count("<"), text.count("</")); see its function below.
 *
 * tags_within(text, limit) answers exactly what guard._tags_within(limit).fullmatch(text)
 * answers: whether every tag of the page, start or end, read as the HTML tokenizer reads
 * it, has at most `limit` attributes. The regex is the specification (its docstring says
 * why each part is there) and the fallback where this module is not built; each function
 * below is one part of it, tried in the regex's order, with its possessive quantifiers
 * (no backtracking into a part once it matched). tests/hostile/test_properties.py checks
 * that both give the same answer on generated markup and on hand-written cases.
 *
 * Positions are indices into the str; a function returns the position after what it
 * read, or FAIL. Nothing is allocated: one pass, a few comparisons per character, where
 * the regex engine spends most of a page's guard time on entering its alternatives.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_pystr.h"
#include <string.h>

#define FAIL ((Py_ssize_t)-1)

/* \s of a str pattern: Unicode whitespace, as str.isspace. */
static int is_space(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c); }

static int is_ascii_letter(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* `c` matches the lower-case ASCII letter `letter` in an (?ai:...) group: either case. */
static int folds_to(Py_UCS4 c, char letter) {
    return c == (Py_UCS4)letter || c == (Py_UCS4)(letter - 'a' + 'A');
}

static const char *const RAW_TEXT[] = {"script", "style",   "textarea", "title", "xmp",
                                       "iframe", "noembed", "noframes", NULL};
static const char *const FOREIGN[] = {"svg", "math", NULL};
static const char *const MARKUP_FROM[] = {"svg", "math", "frameset", NULL};

/* ---- lean markup ---- */

/* The classes of the characters that end the parts of a tag, looked up in a table. */
enum {
    LEAN_SPACE = 1,        /* whitespace */
    LEAN_BEFORE_NAME = 2,  /* whitespace and "/": passed over before an attribute */
    LEAN_TAG_NAME_END = 4, /* whitespace, "/", ">" */
    LEAN_NAME_END = 8,     /* whitespace, "/", ">", "=": an attribute's name ends */
    LEAN_VALUE_END = 16,   /* whitespace, ">": a bare value ends */
};
static unsigned char lean_classes[128];

static void lean_classes_init(void) {
    const char spaces[] = " \t\n\f\r";
    for (const char *c = spaces; *c; c++) {
        lean_classes[(int)*c] = LEAN_SPACE | LEAN_BEFORE_NAME | LEAN_TAG_NAME_END |
                                LEAN_NAME_END | LEAN_VALUE_END;
    }
    lean_classes['/'] = LEAN_BEFORE_NAME | LEAN_TAG_NAME_END | LEAN_NAME_END;
    lean_classes['>'] = LEAN_TAG_NAME_END | LEAN_NAME_END | LEAN_VALUE_END;
    lean_classes['='] = LEAN_NAME_END;
}

#define LEAN_IS(c, class) ((Py_UCS4)(c) < 128 && (lean_classes[(c)] & (class)))

/* The elements the lean scan treats apart, by their names in lower case. */
typedef struct {
    const char *name;
    Py_ssize_t length;
} LeanName;

static const LeanName LEAN_NAMES[] = {
    {"script", 6}, {"style", 5},   {"title", 5}, {"textarea", 8},  {"xmp", 3},
    {"iframe", 6}, {"noembed", 7}, {"noframes", 8}, {"svg", 3},     {"math", 4},
    {"plaintext", 9}, {"frameset", 8}, {NULL, 0},
};

/* The longest run of a character reference's name or number before a comment that the
 * scan checks for its "&" (the longest named reference has 31 letters). */
#define LEAN_REFERENCE_MAX 40

/* The spans to cut out of a page, [start, end) pairs in order. */
typedef struct {
    Py_ssize_t *spans;
    Py_ssize_t count; /* pairs */
    Py_ssize_t capacity;
} Cuts;

static int add_cut(Cuts *cuts, Py_ssize_t start, Py_ssize_t end) {
    if (cuts->count == cuts->capacity) {
        Py_ssize_t capacity = cuts->capacity ? 2 * cuts->capacity : 64;
        Py_ssize_t *grown = PyMem_Realloc(cuts->spans, (size_t)capacity * 2 * sizeof(Py_ssize_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        cuts->spans = grown;
        cuts->capacity = capacity;
    }
    cuts->spans[2 * cuts->count] = start;
    cuts->spans[2 * cuts->count + 1] = end;
    cuts->count++;
    return 0;
}

#define CHAR Py_UCS1
#define SCAN(name) name##_ucs1
#define ONE_BYTE 1
#include "_guardscan_scan.h"
#include "_lean_scan.h"
#undef CHAR
#undef SCAN
#undef ONE_BYTE

#define CHAR Py_UCS2
#define SCAN(name) name##_ucs2
#define ONE_BYTE 0
#include "_guardscan_scan.h"
#include "_lean_scan.h"
#undef CHAR
#undef SCAN
#undef ONE_BYTE

#define CHAR Py_UCS4
#define SCAN(name) name##_ucs4
#define ONE_BYTE 0
#include "_guardscan_scan.h"
#include "_lean_scan.h"
#undef CHAR
#undef SCAN
#undef ONE_BYTE

static PyObject *py_tags_within(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    static const char signature[] = "tags_within(text: str, limit: int)";
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, signature);
        return NULL;
    }
    if (check_str(args[0], signature) < 0) {
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (limit < 1) {
        PyErr_SetString(PyExc_ValueError, "limit must be at least 1");
        return NULL;
    }
    PyObject *text = args[0];
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int within;
    Py_BEGIN_ALLOW_THREADS;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: {
        Page_ucs1 page = {(const Py_UCS1 *)data, n, limit};
        within = tags_within_ucs1(&page);
        break;
    }
    case PyUnicode_2BYTE_KIND: {
        Page_ucs2 page = {(const Py_UCS2 *)data, n, limit};
        within = tags_within_ucs2(&page);
        break;
    }
    default: {
        Page_ucs4 page = {(const Py_UCS4 *)data, n, limit};
        within = tags_within_ucs4(&page);
        break;
    }
    }
    Py_END_ALLOW_THREADS;
    return PyBool_FromLong(within);
}

/* tag_counts(text) -> (text.count("<"), text.count("</")), in one pass. The guard asks
 * both of every page, and str.count compares every character, where memchr skips to the
 * next byte that may be part of a '<' many bytes at a time. In two- and four-byte text
 * that byte is looked for too; a match is counted only if the character holding it is
 * '<' (whichever the byte order), and the search goes on from the next character. */
static PyObject *py_tag_counts(PyObject *module, PyObject *text) {
    (void)module;
    if (check_str(text, "tag_counts(text: str)") < 0) {
        return NULL;
    }
    const char *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t opening = 0, closing = 0;
    const char *at = data, *end = data + n * kind;
    while ((at = memchr(at, '<', (size_t)(end - at))) != NULL) {
        Py_ssize_t i = (at - data) / kind;
        if (PyUnicode_READ(kind, data, i) == '<') {
            opening++;
            closing += i + 1 < n && PyUnicode_READ(kind, data, i + 1) == '/';
        }
        at = data + (i + 1) * kind;
    }
    return Py_BuildValue("(nn)", opening, closing);
}

/* lean_markup(markup) -> the same type: `markup` (bytes in an ASCII-compatible encoding,
 * or str) without what the extractor never reads and the parser would build nodes for:
 * the text of every <script> but JSON-LD, the text of every <style>, and every comment.
 * The elements themselves stay, so the tree of the result is the tree of `markup` with
 * those texts emptied and the comments gone (a text on either side of a comment is then
 * one text, as a browser renders it). The page is read as the HTML tokenizer reads it:
 * a tag's quoted values hide its ">", the text of <title>, <textarea>, <xmp>, <iframe>,
 * <noembed> and <noframes> is text, <svg> and <math> are passed over to their end tag.
 * Where the scan cannot be sure of the tokenizer's reading, it cuts nothing more: from
 * a <plaintext> or <frameset> on, from a comment or raw text that never ends, a script
 * whose "<!--" may hide its end tag, or an <svg> or <math> that holds another. The
 * input itself comes back when nothing was cut. */
static PyObject *py_lean_markup(PyObject *module, PyObject *markup) {
    (void)module;
    static const char signature[] = "lean_markup(markup: bytes | str)";
    int is_bytes = PyBytes_Check(markup);
    if (!is_bytes && check_str(markup, signature) < 0) {
        return NULL;
    }
    int kind = is_bytes ? 1 : PyUnicode_KIND(markup);
    const char *data = is_bytes ? PyBytes_AS_STRING(markup) : PyUnicode_DATA(markup);
    Py_ssize_t n = is_bytes ? PyBytes_GET_SIZE(markup) : PyUnicode_GET_LENGTH(markup);
    Cuts cuts = {NULL, 0, 0};
    int status;
    switch (kind) {
    case 1: {
        Text_ucs1 text = {(const Py_UCS1 *)data, n};
        status = lean_cuts_ucs1(&text, &cuts);
        break;
    }
    case 2: {
        Text_ucs2 text = {(const Py_UCS2 *)data, n};
        status = lean_cuts_ucs2(&text, &cuts);
        break;
    }
    default: {
        Text_ucs4 text = {(const Py_UCS4 *)data, n};
        status = lean_cuts_ucs4(&text, &cuts);
        break;
    }
    }
    if (status < 0 || cuts.count == 0) {
        PyMem_Free(cuts.spans);
        return status < 0 ? NULL : Py_NewRef(markup);
    }
    Py_ssize_t kept = n;
    for (Py_ssize_t c = 0; c < cuts.count; c++) {
        kept -= cuts.spans[2 * c + 1] - cuts.spans[2 * c];
    }
    char *out = PyMem_Malloc((size_t)(kept > 0 ? kept : 1) * (size_t)kind);
    if (out == NULL) {
        PyMem_Free(cuts.spans);
        return PyErr_NoMemory();
    }
    Py_ssize_t from = 0, at = 0;
    for (Py_ssize_t c = 0; c <= cuts.count; c++) {
        Py_ssize_t to = c < cuts.count ? cuts.spans[2 * c] : n;
        memcpy(out + at * kind, data + from * kind, (size_t)(to - from) * (size_t)kind);
        at += to - from;
        from = c < cuts.count ? cuts.spans[2 * c + 1] : n;
    }
    PyMem_Free(cuts.spans);
    PyObject *lean = is_bytes ? PyBytes_FromStringAndSize(out, kept)
                              : PyUnicode_FromKindAndData(kind, out, kept);
    PyMem_Free(out);
    return lean;
}

static PyMethodDef methods[] = {
    {"lean_markup", (PyCFunction)py_lean_markup, METH_O,
     "lean_markup(markup) -> bytes | str: markup without script and style text or comments."},
    {"tag_counts", (PyCFunction)py_tag_counts, METH_O,
     "tag_counts(text) -> (int, int): how many '<' `text` holds, and how many start \"</\"."},
    {"tags_within", (PyCFunction)(void (*)(void))py_tags_within, METH_FASTCALL,
     "tags_within(text, limit) -> bool: every tag of `text` has at most `limit` attributes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_guardscan",
    .m_doc = "The guard's tag and attribute counts, in C.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__guardscan(void) {
    lean_classes_init();
    return PyModule_Create(&module);
}
