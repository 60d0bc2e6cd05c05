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

#define CHAR Py_UCS1
#define SCAN(name) name##_ucs1
#define ONE_BYTE 1
#include "_guardscan_scan.h"
#undef CHAR
#undef SCAN
#undef ONE_BYTE

#define CHAR Py_UCS2
#define SCAN(name) name##_ucs2
#define ONE_BYTE 0
#include "_guardscan_scan.h"
#undef CHAR
#undef SCAN
#undef ONE_BYTE

#define CHAR Py_UCS4
#define SCAN(name) name##_ucs4
#define ONE_BYTE 0
#include "_guardscan_scan.h"
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

static PyMethodDef methods[] = {
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

PyMODINIT_FUNC PyInit__guardscan(void) { return PyModule_Create(&module); }
