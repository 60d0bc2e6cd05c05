/* The class/id token rules of the boilerplate judge (rules.TokenRule), in C.
 *
 * A rule is a set of literals, each a prefix (it may run on into the word) or a whole
 * word (the character after it is none of a-z and 0-9, or there is none). Rule(prefixes,
 * words).search(text) answers what rules._token_regex(prefixes, words).search(text)
 * answers: whether a literal starts right after a character of `text` that is none of
 * a-z and 0-9, a '-' of the literal matching '-' or '_' of the text. The regex is the
 * specification and the fallback where this module is not built;
 * tests/hostile/test_properties.py checks that both answer alike.
 *
 * The regex engine tries its alternation at every such position, and spends most of a
 * cold page's judging time there; here the literals are bucketed by their first
 * character, and a position costs the comparison of the few that start alike.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_pystr.h"
#include <stdlib.h>
#include <string.h>

#define BUCKETS 128 /* literals are ASCII */

typedef struct {
    char *chars;
    Py_ssize_t length;
    int word; /* 1: a whole word; 0: a prefix */
} Literal;

typedef struct {
    PyObject_HEAD
    Literal *literals; /* sorted by first character */
    Py_ssize_t count;
    Py_ssize_t start[BUCKETS + 1]; /* literals[start[c]:start[c + 1]] begin with c */
} Rule;

static int is_word_char(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

static int by_first_char(const void *a, const void *b) {
    return (unsigned char)((const Literal *)a)->chars[0] -
           (unsigned char)((const Literal *)b)->chars[0];
}

/* Copy the literals of `items` (a tuple of str) into rule->literals from `at` on. */
static int add_literals(Rule *rule, PyObject *items, int word, Py_ssize_t at) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i);
        if (!PyUnicode_Check(item) || !PyUnicode_IS_ASCII(item)) {
            PyErr_SetString(PyExc_ValueError, "a rule's literals are ASCII str");
            return -1;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(item);
        const char *chars = (const char *)PyUnicode_1BYTE_DATA(item);
        if (length == 0 || !is_word_char((Py_UCS4)chars[0])) {
            PyErr_SetString(PyExc_ValueError, "a rule's literal starts with a-z or 0-9");
            return -1;
        }
        Literal *literal = &rule->literals[at + i];
        literal->chars = PyMem_Malloc((size_t)length);
        if (literal->chars == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memcpy(literal->chars, chars, (size_t)length);
        literal->length = length;
        literal->word = word;
        rule->count = at + i + 1;
    }
    return 0;
}

static void rule_dealloc(Rule *rule) {
    for (Py_ssize_t i = 0; i < rule->count; i++) {
        PyMem_Free(rule->literals[i].chars);
    }
    PyMem_Free(rule->literals);
    Py_TYPE(rule)->tp_free((PyObject *)rule);
}

static PyObject *rule_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *prefixes, *words;
    static char *names[] = {"prefixes", "words", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!", names, &PyTuple_Type, &prefixes,
                                     &PyTuple_Type, &words)) {
        return NULL;
    }
    Rule *rule = (Rule *)type->tp_alloc(type, 0);
    if (rule == NULL) {
        return NULL;
    }
    Py_ssize_t total = PyTuple_GET_SIZE(prefixes) + PyTuple_GET_SIZE(words);
    rule->literals = PyMem_Calloc((size_t)(total ? total : 1), sizeof(Literal));
    if (rule->literals == NULL) {
        Py_DECREF(rule);
        return PyErr_NoMemory();
    }
    if (add_literals(rule, prefixes, 0, 0) < 0 ||
        add_literals(rule, words, 1, PyTuple_GET_SIZE(prefixes)) < 0) {
        Py_DECREF(rule);
        return NULL;
    }
    qsort(rule->literals, (size_t)rule->count, sizeof(Literal), by_first_char);
    Py_ssize_t at = 0;
    for (int c = 0; c <= BUCKETS; c++) {
        while (at < rule->count && (unsigned char)rule->literals[at].chars[0] < c) {
            at++;
        }
        rule->start[c] = at;
    }
    return (PyObject *)rule;
}

/* Whether `literal` is at position `at` of the text (its first character is known to be). */
static int literal_at(const Literal *literal, int kind, const void *data, Py_ssize_t n,
                      Py_ssize_t at) {
    if (at + literal->length > n) {
        return 0;
    }
    for (Py_ssize_t j = 1; j < literal->length; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, at + j);
        char wanted = literal->chars[j];
        if (c != (Py_UCS4)(unsigned char)wanted && !(wanted == '-' && c == '_')) {
            return 0;
        }
    }
    Py_ssize_t after = at + literal->length;
    return !literal->word || after == n || !is_word_char(PyUnicode_READ(kind, data, after));
}

static PyObject *rule_search(Rule *rule, PyObject *text) {
    if (check_str(text, "search(text: str)") < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t p = 0; p + 1 < n; p++) {
        if (is_word_char(PyUnicode_READ(kind, data, p))) {
            continue;
        }
        Py_UCS4 first = PyUnicode_READ(kind, data, p + 1);
        if (first >= BUCKETS) {
            continue;
        }
        for (Py_ssize_t i = rule->start[first]; i < rule->start[first + 1]; i++) {
            if (literal_at(&rule->literals[i], kind, data, n, p + 1)) {
                Py_RETURN_TRUE;
            }
        }
    }
    Py_RETURN_FALSE;
}

static PyMethodDef rule_methods[] = {
    {"search", (PyCFunction)rule_search, METH_O,
     "search(text) -> bool: whether a literal starts a word of `text`."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RuleType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tasks.extract._marks.Rule",
    .tp_basicsize = sizeof(Rule),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Rule(prefixes, words): class/id token literals, searched at word starts.",
    .tp_new = rule_new,
    .tp_dealloc = (destructor)rule_dealloc,
    .tp_methods = rule_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_marks",
    .m_doc = "The class/id token rules of the boilerplate judge, in C.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__marks(void) {
    if (PyType_Ready(&RuleType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&RuleType);
    if (PyModule_AddObject(m, "Rule", (PyObject *)&RuleType) < 0) {
        Py_DECREF(&RuleType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
