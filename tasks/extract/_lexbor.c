/* Reads of a parsed page that selectolax's API makes costly, done on Lexbor's tree
 * directly: the functions Lexbor exports for just such callers (the *_noi "no inline"
 * accessors, its CSS parser and selector engine) are found at import in the selectolax
 * module that holds them, and the node a LexborNode wraps is at the address its mem_id
 * gives. A selectolax whose module exports none of them makes this module fail to
 * import; tasks/extract/survey.py and selectors.py then use selectolax's own API,
 * slower and never different.
 *
 * Survey(pairs, tag_ids).found(node) walks `node` and the elements under it, in the
 * order Lexbor's queries do, and answers one byte a pair then one a tag id: 1 where an
 * element has the attribute (name compared ASCII-case-insensitively) with a value that
 * holds the literal (ASCII-case-insensitively; "" asks for the attribute alone), or has
 * the tag. Case folding only ever answers 1 where an exact comparison would answer 0,
 * so the answer is never "absent" for what a selector could match. The byline and date
 * rules are lists of fifteen selectors tried in turn, each a walk of the page, most of
 * which match nothing on a given page: the survey tells which to skip.
 *
 * judged(node, unmarked, tag_ids, memo, judge) finds the elements the boilerplate judge
 * looks at, each with the verdict of its class and id (memoised) and its tag, in one walk
 * instead of a query and one attributes read per node, and makes no wrapper for an element
 * judged neutral that nothing else singles out; elements(node, tag_ids) finds the
 * elements of some tags, which a type selector list would test one by one.
 *
 * text_length(node, ...) counts the characters of a node's text as selectolax's text()
 * would return it, from the UTF-8 bytes of its text nodes, without building the text.
 *
 * Query(selector) is a selector parsed once: find(node) and first(node) answer what
 * node.css(selector) and node.css_first(selector) answer, without parsing the selector
 * again at every call (selectolax does, and sets up the parser's memory each time: on a
 * small subtree that costs more than the walk).
 *
 * Wrappers (LexborNode) are made by LexborNode's own constructor, reached through the
 * vtable Cython publishes for modules that cimport selectolax; selectors.py uses what
 * makes them only with the selectolax versions it was tested on.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <structmember.h>

#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#define ELEMENT_NODE 1 /* LXB_DOM_NODE_TYPE_ELEMENT */
#define BUCKETS 128

typedef struct lxb_node lxb_node; /* Lexbor's lxb_dom_node_t, opaque here */
typedef struct lxb_attr lxb_attr; /* lxb_dom_attr_t */
typedef struct {
    const unsigned char *data;
    size_t length;
} lexbor_str; /* lexbor_str_t */

static struct {
    lxb_node *(*first_child)(lxb_node *);
    lxb_node *(*next)(lxb_node *);
    lxb_node *(*parent)(lxb_node *);
    int (*type)(lxb_node *);
    uintptr_t (*tag_id)(lxb_node *);
    lxb_attr *(*first_attribute)(lxb_node *);
    lxb_attr *(*next_attribute)(lxb_attr *);
    const unsigned char *(*local_name)(lxb_attr *, size_t *);
    const unsigned char *(*value)(lxb_attr *, size_t *);
    const unsigned char *(*qualified_name)(lxb_attr *, size_t *);
    void *(*css_parser_create)(void);
    unsigned (*css_parser_init)(void *parser, void *tokenizer);
    void *(*css_selectors_create)(void);
    unsigned (*css_selectors_init)(void *selectors);
    void (*css_parser_selectors_set)(void *parser, void *selectors);
    void *(*css_selectors_parse)(void *parser, const unsigned char *data, size_t length);
    void *(*selectors_create)(void);
    unsigned (*selectors_init)(void *selectors);
    void (*selectors_opt_set)(void *selectors, int opt);
    unsigned (*selectors_find)(void *selectors, lxb_node *root, void *list,
                               unsigned (*callback)(lxb_node *, uintptr_t, void *), void *ctx);
} lxb;

/* LexborNode.new(node, parser), the first entry of LexborNode's Cython vtable. */
static PyObject *(*make_node)(lxb_node *, PyObject *);
static void *matcher; /* Lexbor's selector engine, shared by every Query */

#define STATUS_OK 0
#define STATUS_STOP 0x13    /* LXB_STATUS_STOP: the walk ends, find answers OK */
#define OPT_MATCH_ROOT 0x02 /* LXB_SELECTORS_OPT_MATCH_ROOT, as LexborNode.css sets */

static PyTypeObject *node_type; /* selectolax.lexbor.LexborNode */

static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

typedef struct {
    unsigned char *chars; /* lower-cased */
    Py_ssize_t length;
    Py_ssize_t slot; /* its byte in the answer */
} Literal;

typedef struct {
    unsigned char *name; /* lower-cased */
    Py_ssize_t length;
    Literal *literals; /* sorted by first character; "" first */
    Py_ssize_t count;
    Py_ssize_t start[BUCKETS + 1]; /* non-empty literals[start[c]:start[c + 1]] begin with c */
    unsigned char starts[256];     /* 1 for a byte that starts a literal, either case */
    /* Bit (a << 7 | b) for each literal's first two (folded) bytes a b; a literal of one
     * byte sets every b of its a. Most positions of a value fail this one test. */
    uint64_t bigrams[BUCKETS * BUCKETS / 64];
} Group;

typedef struct {
    PyObject_HEAD
    Group *groups;
    Py_ssize_t group_count;
    uintptr_t *tags;
    Py_ssize_t tag_count;
    Py_ssize_t pair_count;
} Survey;

static void survey_dealloc(Survey *survey) {
    for (Py_ssize_t g = 0; g < survey->group_count; g++) {
        Group *group = &survey->groups[g];
        for (Py_ssize_t i = 0; i < group->count; i++) {
            PyMem_Free(group->literals[i].chars);
        }
        PyMem_Free(group->literals);
        PyMem_Free(group->name);
    }
    PyMem_Free(survey->groups);
    PyMem_Free(survey->tags);
    Py_TYPE(survey)->tp_free((PyObject *)survey);
}

/* A lower-cased copy of an ASCII str, or NULL with an error set. */
static unsigned char *ascii_lower_copy(PyObject *text, Py_ssize_t *length) {
    if (!PyUnicode_Check(text) || !PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "attribute names and literals are ASCII str");
        return NULL;
    }
    *length = PyUnicode_GET_LENGTH(text);
    const unsigned char *chars = PyUnicode_1BYTE_DATA(text);
    unsigned char *copy = PyMem_Malloc((size_t)(*length ? *length : 1));
    if (copy == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < *length; i++) {
        copy[i] = lower(chars[i]);
    }
    return copy;
}

static int by_first_char(const void *a, const void *b) {
    const Literal *x = a, *y = b;
    int first_x = x->length ? x->chars[0] : -1, first_y = y->length ? y->chars[0] : -1;
    return first_x - first_y;
}

/* The group of attribute `name` in `survey`, made if there is none yet. */
static Group *group_of(Survey *survey, const unsigned char *name, Py_ssize_t length) {
    for (Py_ssize_t g = 0; g < survey->group_count; g++) {
        Group *group = &survey->groups[g];
        if (group->length == length && memcmp(group->name, name, (size_t)length) == 0) {
            return group;
        }
    }
    Group *group = &survey->groups[survey->group_count];
    group->name = PyMem_Malloc((size_t)(length ? length : 1));
    if (group->name == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(group->name, name, (size_t)length);
    group->length = length;
    group->literals = PyMem_Calloc((size_t)survey->pair_count, sizeof(Literal));
    if (group->literals == NULL) {
        PyMem_Free(group->name);
        PyErr_NoMemory();
        return NULL;
    }
    survey->group_count++;
    return group;
}

static int add_pairs(Survey *survey, PyObject *pairs) {
    for (Py_ssize_t i = 0; i < survey->pair_count; i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "a pair is a tuple (attribute, literal)");
            return -1;
        }
        Py_ssize_t name_length, length;
        unsigned char *name = ascii_lower_copy(PyTuple_GET_ITEM(pair, 0), &name_length);
        if (name == NULL) {
            return -1;
        }
        Group *group = group_of(survey, name, name_length);
        PyMem_Free(name);
        if (group == NULL) {
            return -1;
        }
        Literal *literal = &group->literals[group->count];
        literal->chars = ascii_lower_copy(PyTuple_GET_ITEM(pair, 1), &length);
        if (literal->chars == NULL) {
            return -1;
        }
        literal->length = length;
        literal->slot = i;
        group->count++;
    }
    for (Py_ssize_t g = 0; g < survey->group_count; g++) {
        Group *group = &survey->groups[g];
        qsort(group->literals, (size_t)group->count, sizeof(Literal), by_first_char);
        Py_ssize_t at = 0;
        while (at < group->count && group->literals[at].length == 0) {
            at++;
        }
        for (int c = 0; c <= BUCKETS; c++) {
            while (at < group->count && group->literals[at].chars[0] < c) {
                at++;
            }
            group->start[c] = at;
        }
        for (int c = 0; c < 256; c++) {
            unsigned char folded = lower((unsigned char)c);
            group->starts[c] = folded < BUCKETS && group->start[folded] < group->start[folded + 1];
        }
        for (Py_ssize_t i = group->start[0]; i < group->count; i++) {
            const Literal *literal = &group->literals[i];
            for (int b = 0; b < BUCKETS; b++) {
                if (literal->length == 1 || literal->chars[1] == b) {
                    unsigned bit = (unsigned)literal->chars[0] << 7 | (unsigned)b;
                    group->bigrams[bit / 64] |= (uint64_t)1 << (bit % 64);
                }
            }
        }
    }
    return 0;
}

static PyObject *survey_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *pairs, *tags;
    static char *names[] = {"pairs", "tag_ids", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!", names, &PyTuple_Type, &pairs,
                                     &PyTuple_Type, &tags)) {
        return NULL;
    }
    Survey *survey = (Survey *)type->tp_alloc(type, 0);
    if (survey == NULL) {
        return NULL;
    }
    survey->pair_count = PyTuple_GET_SIZE(pairs);
    survey->tag_count = PyTuple_GET_SIZE(tags);
    survey->groups = PyMem_Calloc((size_t)(survey->pair_count ? survey->pair_count : 1),
                                  sizeof(Group));
    survey->tags = PyMem_Calloc((size_t)(survey->tag_count ? survey->tag_count : 1),
                                sizeof(uintptr_t));
    if (survey->groups == NULL || survey->tags == NULL) {
        Py_DECREF(survey);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < survey->tag_count; i++) {
        size_t id = PyLong_AsSize_t(PyTuple_GET_ITEM(tags, i));
        if (id == (size_t)-1 && PyErr_Occurred()) {
            Py_DECREF(survey);
            return NULL;
        }
        survey->tags[i] = (uintptr_t)id;
    }
    if (add_pairs(survey, pairs) < 0) {
        Py_DECREF(survey);
        return NULL;
    }
    return (PyObject *)survey;
}

/* Whether the lower-cased `literal` is at `at` of `value`, folded. */
static int literal_at(const Literal *literal, const unsigned char *value, size_t length,
                      size_t at) {
    if (at + (size_t)literal->length > length) {
        return 0;
    }
    for (Py_ssize_t j = 1; j < literal->length; j++) {
        if (lower(value[at + (size_t)j]) != literal->chars[j]) {
            return 0;
        }
    }
    return 1;
}

/* Marks in `found` the literals of `group` that `value` holds; returns how many were
 * newly marked. */
static Py_ssize_t mark_value(const Group *group, const unsigned char *value, size_t length,
                             char *found) {
    Py_ssize_t marked = 0;
    for (Py_ssize_t i = 0; i < group->start[0]; i++) { /* "": the attribute alone */
        if (!found[group->literals[i].slot]) {
            found[group->literals[i].slot] = 1;
            marked++;
        }
    }
    for (size_t p = 0; p < length; p++) {
        if (!group->starts[value[p]]) {
            continue;
        }
        unsigned char first = lower(value[p]);
        /* The byte after, or 0 where there is none or it is not ASCII: then only a
         * literal of one byte can be here, and those set every second byte. */
        unsigned char second = p + 1 < length ? lower(value[p + 1]) : 0;
        unsigned bit = (unsigned)first << 7 | (second < BUCKETS ? second : 0);
        if (!(group->bigrams[bit / 64] >> (bit % 64) & 1)) {
            continue; /* no literal starts with these two bytes */
        }
        for (Py_ssize_t i = group->start[first]; i < group->start[first + 1]; i++) {
            const Literal *literal = &group->literals[i];
            if (!found[literal->slot] && literal_at(literal, value, length, p)) {
                found[literal->slot] = 1;
                marked++;
            }
        }
    }
    return marked;
}

/* The group of attribute `name`, compared ASCII-case-insensitively, or NULL. */
static const Group *find_group(const Survey *survey, const unsigned char *name, size_t length) {
    for (Py_ssize_t g = 0; g < survey->group_count; g++) {
        const Group *group = &survey->groups[g];
        if ((size_t)group->length != length) {
            continue;
        }
        size_t j = 0;
        while (j < length && lower(name[j]) == group->name[j]) {
            j++;
        }
        if (j == length) {
            return group;
        }
    }
    return NULL;
}

/* Marks what `element` has; returns how many were newly marked. */
static Py_ssize_t mark_element(const Survey *survey, lxb_node *element, char *found) {
    Py_ssize_t marked = 0;
    uintptr_t tag = lxb.tag_id(element);
    for (Py_ssize_t i = 0; i < survey->tag_count; i++) {
        char *slot = &found[survey->pair_count + i];
        if (!*slot && survey->tags[i] == tag) {
            *slot = 1;
            marked++;
        }
    }
    for (lxb_attr *attr = lxb.first_attribute(element); attr != NULL;
         attr = lxb.next_attribute(attr)) {
        size_t name_length = 0, value_length = 0;
        const unsigned char *name = lxb.local_name(attr, &name_length);
        const Group *group = name ? find_group(survey, name, name_length) : NULL;
        if (group == NULL) {
            continue;
        }
        const unsigned char *value = lxb.value(attr, &value_length);
        marked += mark_value(group, value ? value : (const unsigned char *)"",
                             value ? value_length : 0, found);
    }
    return marked;
}

/* The element after `current` under `root`, in the pre-order of Lexbor's queries, or
 * NULL; only elements have children that a query visits (a <template>'s content is a
 * fragment of its own). */
static lxb_node *next_element(lxb_node *root, lxb_node *current) {
    lxb_node *node = lxb.first_child(current);
    for (;;) {
        if (node == NULL) { /* no child, or the last one was passed: climb */
            while (current != root && (node = lxb.next(current)) == NULL) {
                current = lxb.parent(current);
            }
            if (current == root) {
                return NULL;
            }
        }
        if (lxb.type(node) == ELEMENT_NODE) {
            return node;
        }
        current = node; /* text or a comment: passed over */
        node = lxb.next(current);
    }
}

/* The Lexbor node a LexborNode wraps: its mem_id is the node's address. */
/* Where a LexborNode keeps its node's address, after the object header and Cython's
 * vtable pointer: read there once a probe node showed it equal to mem_id, which is
 * otherwise asked for through the property (the cost of a Python attribute lookup, at
 * every call). */
#define NODE_FIELD (sizeof(PyObject) + sizeof(void *))
static int node_field_holds;

static lxb_node *node_of(PyObject *node) {
    if (!PyObject_TypeCheck(node, node_type)) {
        PyErr_SetString(PyExc_TypeError, "found(node: LexborNode)");
        return NULL;
    }
    if (node_field_holds) {
        lxb_node *address;
        memcpy(&address, (const char *)node + NODE_FIELD, sizeof(address));
        if (address != NULL) {
            return address;
        }
    }
    PyObject *mem_id = PyObject_GetAttrString(node, "mem_id");
    if (mem_id == NULL) {
        return NULL;
    }
    lxb_node *address = (lxb_node *)PyLong_AsVoidPtr(mem_id);
    Py_DECREF(mem_id);
    if (address == NULL && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "the node has no Lexbor node");
    }
    return address;
}

/* Whether LexborNode keeps the address at NODE_FIELD, on a node made for the purpose. */
static int node_field_probe(void) {
    if (node_type->tp_basicsize < (Py_ssize_t)(NODE_FIELD + sizeof(void *))) {
        return 0;
    }
    PyObject *selectolax = PyImport_ImportModule("selectolax.lexbor");
    PyObject *tree = selectolax ? PyObject_CallMethod(selectolax, "LexborHTMLParser", "s",
                                                      "<p>pressroom probe</p>")
                                : NULL;
    PyObject *paragraph = tree ? PyObject_CallMethod(tree, "css_first", "s", "p") : NULL;
    int holds = 0;
    if (paragraph != NULL && PyObject_TypeCheck(paragraph, node_type)) {
        lxb_node *asked = node_of(paragraph), *stored;
        memcpy(&stored, (const char *)paragraph + NODE_FIELD, sizeof(stored));
        holds = asked != NULL && stored == asked;
    }
    PyErr_Clear();
    Py_XDECREF(paragraph);
    Py_XDECREF(tree);
    Py_XDECREF(selectolax);
    return holds;
}

static PyObject *survey_found(Survey *survey, PyObject *node) {
    lxb_node *root = node_of(node);
    if (root == NULL) {
        return NULL;
    }
    Py_ssize_t total = survey->pair_count + survey->tag_count;
    PyObject *answer = PyBytes_FromStringAndSize(NULL, total);
    if (answer == NULL) {
        return NULL;
    }
    char *found = PyBytes_AS_STRING(answer);
    memset(found, 0, (size_t)total);
    Py_ssize_t left = total;
    for (lxb_node *element = root; element != NULL && left > 0;
         element = next_element(root, element)) {
        left -= mark_element(survey, element, found);
    }
    return answer;
}

/* Whether an attribute's qualified name `found` is `name` (lower-case), ASCII case
 * aside: the test by which LexborNode.attributes finds an attribute. */
static int same_name(const unsigned char *found, size_t found_length, const char *name,
                     size_t length) {
    if (found == NULL || found_length != length) {
        return 0;
    }
    for (size_t i = 0; i < length; i++) {
        if (lower(found[i]) != (unsigned char)name[i]) {
            return 0;
        }
    }
    return 1;
}

/* Whether the qualified name of `attr` is `name` (lower-case), ASCII case aside. */
static int named(lxb_attr *attr, const char *name, size_t length) {
    size_t found_length = 0;
    const unsigned char *found = lxb.qualified_name(attr, &found_length);
    return same_name(found, found_length, name, length);
}

/* A value as LexborNode.attributes reads it: None for no value, invalid UTF-8 replaced. */
static PyObject *value_of(lxb_attr *attr) {
    size_t length = 0;
    const unsigned char *value = attr ? lxb.value(attr, &length) : NULL;
    if (value == NULL) {
        Py_RETURN_NONE;
    }
    return PyUnicode_DecodeUTF8((const char *)value, (Py_ssize_t)length, "replace");
}

static int among(uintptr_t tag, const uintptr_t *ids, Py_ssize_t count) {
    for (Py_ssize_t i = 0; i < count; i++) {
        if (ids[i] == tag) {
            return 1;
        }
    }
    return 0;
}

/* The ints of `ids` (a tuple) into `into`, which holds MAX_TAGS; -1 with an error. */
#define MAX_TAGS 64
static int read_ids(PyObject *ids, uintptr_t *into) {
    if (PyTuple_GET_SIZE(ids) > MAX_TAGS) {
        PyErr_SetString(PyExc_ValueError, "at most 64 tag ids");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(ids); i++) {
        size_t id = PyLong_AsSize_t(PyTuple_GET_ITEM(ids, i));
        if (id == (size_t)-1 && PyErr_Occurred()) {
            return -1;
        }
        into[i] = (uintptr_t)id;
    }
    return 0;
}

/* What `visit` makes of an element: a new reference, SKIP, or NULL with an error. */
static char skip_mark;
#define SKIP ((PyObject *)&skip_mark) /* compared, never used as an object */
typedef PyObject *(*Visit)(lxb_node *element, PyObject *parser, void *context);

/* The list of what `visit` makes of `node` and each element under it, in document order,
 * those it skips left out; NULL with an error. */
static PyObject *collect_elements(PyObject *node, Visit visit, void *context) {
    lxb_node *root = node_of(node);
    if (root == NULL) {
        return NULL;
    }
    PyObject *parser = PyObject_GetAttrString(node, "parser");
    PyObject *found = parser ? PyList_New(0) : NULL;
    for (lxb_node *element = root; found != NULL && element != NULL;
         element = next_element(root, element)) {
        PyObject *item = visit(element, parser, context);
        if (item == SKIP) {
            continue;
        }
        if (item == NULL || PyList_Append(found, item) < 0) {
            Py_CLEAR(found);
        }
        Py_XDECREF(item);
    }
    Py_XDECREF(parser);
    return found;
}

typedef struct {
    uintptr_t unmarked[MAX_TAGS], always[MAX_TAGS];
    Py_ssize_t unmarked_count, always_count;
} MarksWanted;

/* What judged() needs: the tags whose marks are not read and those always looked at,
 * the memo of verdicts by (class, id) and the judge for a pair it does not hold, the
 * memo of verdicts by token and the judge of a token, whether boilerplate verdicts
 * count (by_class), and the size at which the token memo is emptied. */
typedef struct {
    MarksWanted marks;
    PyObject *memo;        /* dict: (class, id) -> verdict */
    PyObject *judge;       /* judge(class, id) -> int, for marks outside ASCII */
    PyObject *tokens;      /* dict: lower-cased token -> verdict */
    PyObject *judge_token; /* judge_token(token) -> int */
    int by_class;
    Py_ssize_t token_max;
} JudgedWanted;

/* The verdicts of text.py: a pair's is its strongest token's (content beats
 * boilerplate beats weak), and without by_class only content counts. */
enum { NEUTRAL = 0, CONTENT = 1, BOILERPLATE = 2, WEAK = 3 };

/* The verdict of `token` (lower-cased ASCII), from the token memo or else the judge
 * (then memoised); -1 with an error. */
static long token_verdict(const JudgedWanted *wanted, PyObject *token) {
    PyObject *verdict = PyDict_GetItemWithError(wanted->tokens, token); /* borrowed */
    if (verdict != NULL) {
        return PyLong_AsLong(verdict);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    if (PyDict_GET_SIZE(wanted->tokens) >= wanted->token_max) {
        PyDict_Clear(wanted->tokens); /* dropped whole: its memory stays bounded */
    }
    verdict = PyObject_CallOneArg(wanted->judge_token, token);
    if (verdict == NULL || PyDict_SetItem(wanted->tokens, token, verdict) < 0) {
        Py_XDECREF(verdict);
        return -1;
    }
    long value = PyLong_AsLong(verdict);
    Py_DECREF(verdict);
    return value;
}

/* The verdict of a class and id in ASCII: "class id" lower-cased and split at
 * whitespace, as text._judge_marks reads it, each token judged once while the token
 * memo holds it; -1 with an error. */
static long judge_ascii(const JudgedWanted *wanted, PyObject *class_value, PyObject *id_value) {
    PyObject *values[2] = {class_value, id_value};
    int boilerplate = 0, weak = 0;
    for (int v = 0; v < 2; v++) {
        if (values[v] == Py_None) {
            continue;
        }
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(values[v]);
        Py_ssize_t length = PyUnicode_GET_LENGTH(values[v]);
        for (Py_ssize_t i = 0; i < length;) {
            if (Py_UNICODE_ISSPACE(chars[i])) {
                i++;
                continue;
            }
            Py_ssize_t start = i;
            while (i < length && !Py_UNICODE_ISSPACE(chars[i])) {
                i++;
            }
            PyObject *token = PyUnicode_New(i - start, 127);
            if (token == NULL) {
                return -1;
            }
            Py_UCS1 *lowered = PyUnicode_1BYTE_DATA(token);
            for (Py_ssize_t k = start; k < i; k++) {
                lowered[k - start] = lower(chars[k]);
            }
            long verdict = token_verdict(wanted, token);
            Py_DECREF(token);
            if (verdict == -1 && PyErr_Occurred()) {
                return -1;
            }
            if (verdict == CONTENT) {
                return CONTENT;
            }
            boilerplate |= verdict == BOILERPLATE;
            weak |= verdict == WEAK;
        }
    }
    if (!wanted->by_class || !(boilerplate || weak)) {
        return NEUTRAL;
    }
    return boilerplate ? BOILERPLATE : WEAK;
}

/* The verdict of (class, id), from the memo or else judged (then memoised); -1 with
 * an error. Marks outside ASCII, whose case folding is Python's, go to the judge. */
static long verdict_of(const JudgedWanted *wanted, PyObject *class_value, PyObject *id_value) {
    PyObject *key = PyTuple_Pack(2, class_value, id_value);
    if (key == NULL) {
        return -1;
    }
    PyObject *verdict = PyDict_GetItemWithError(wanted->memo, key); /* borrowed */
    if (verdict != NULL) {
        Py_INCREF(verdict);
    } else if (!PyErr_Occurred()) {
        int ascii = (class_value == Py_None || PyUnicode_IS_ASCII(class_value)) &&
                    (id_value == Py_None || PyUnicode_IS_ASCII(id_value));
        if (ascii) {
            long value = judge_ascii(wanted, class_value, id_value);
            verdict = value == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(value);
        } else {
            verdict = PyObject_CallFunctionObjArgs(wanted->judge, class_value, id_value, NULL);
        }
        if (verdict != NULL && PyDict_SetItem(wanted->memo, key, verdict) < 0) {
            Py_CLEAR(verdict);
        }
    }
    Py_DECREF(key);
    long value = verdict != NULL ? PyLong_AsLong(verdict) : -1;
    Py_XDECREF(verdict);
    return value == -1 && PyErr_Occurred() ? -1 : value;
}

static PyObject *visit_judged(lxb_node *element, PyObject *parser, void *context) {
    const JudgedWanted *wanted = context;
    lxb_attr *class_attr = NULL, *id_attr = NULL;
    for (lxb_attr *attr = lxb.first_attribute(element); attr != NULL;
         attr = lxb.next_attribute(attr)) {
        if (class_attr == NULL && named(attr, "class", 5)) {
            class_attr = attr;
        } else if (id_attr == NULL && named(attr, "id", 2)) {
            id_attr = attr;
        }
    }
    uintptr_t tag = lxb.tag_id(element);
    int always = among(tag, wanted->marks.always, wanted->marks.always_count);
    int marked = (class_attr != NULL || id_attr != NULL) &&
                 !among(tag, wanted->marks.unmarked, wanted->marks.unmarked_count);
    if (!marked && !always) {
        return SKIP;
    }
    PyObject *class_value = value_of(class_attr);
    PyObject *id_value = class_value ? value_of(id_attr) : NULL;
    long verdict = id_value ? verdict_of(wanted, class_value, id_value) : -1;
    Py_XDECREF(class_value);
    Py_XDECREF(id_value);
    if (verdict < 0) {
        return NULL;
    }
    if (verdict == 0 && !always) {
        return SKIP; /* neutral, and no tag of a boilerplate element: nothing to judge */
    }
    PyObject *wrapper = make_node(element, parser);
    if (wrapper == NULL) {
        return NULL;
    }
    PyObject *item = Py_BuildValue("(Nlk)", wrapper, verdict, (unsigned long)tag);
    return item;
}

static PyObject *py_judged(PyObject *module, PyObject *args) {
    PyObject *node, *unmarked, *always;
    JudgedWanted wanted;
    if (!PyArg_ParseTuple(args, "OO!O!O!OO!Opn:judged", &node, &PyTuple_Type, &unmarked,
                          &PyTuple_Type, &always, &PyDict_Type, &wanted.memo, &wanted.judge,
                          &PyDict_Type, &wanted.tokens, &wanted.judge_token, &wanted.by_class,
                          &wanted.token_max)) {
        return NULL;
    }
    if (read_ids(unmarked, wanted.marks.unmarked) < 0 ||
        read_ids(always, wanted.marks.always) < 0) {
        return NULL;
    }
    wanted.marks.unmarked_count = PyTuple_GET_SIZE(unmarked);
    wanted.marks.always_count = PyTuple_GET_SIZE(always);
    return collect_elements(node, visit_judged, &wanted);
}

typedef struct {
    uintptr_t ids[MAX_TAGS];
    Py_ssize_t count;
} TagsWanted;

static PyObject *visit_tagged(lxb_node *element, PyObject *parser, void *context) {
    const TagsWanted *wanted = context;
    return among(lxb.tag_id(element), wanted->ids, wanted->count) ? make_node(element, parser)
                                                                    : SKIP;
}

static PyObject *py_elements(PyObject *module, PyObject *args) {
    PyObject *node, *tags;
    if (!PyArg_ParseTuple(args, "OO!:elements", &node, &PyTuple_Type, &tags)) {
        return NULL;
    }
    TagsWanted wanted;
    if (read_ids(tags, wanted.ids) < 0) {
        return NULL;
    }
    wanted.count = PyTuple_GET_SIZE(tags);
    return collect_elements(node, visit_tagged, &wanted);
}

/* ---- elements by attribute tests ---- */

typedef struct {
    const char *name; /* lower-case */
    Py_ssize_t name_length;
    int op; /* 0: has the attribute; 1: its value equals; 2: its value holds */
    const char *value;
    Py_ssize_t value_length;
    uintptr_t tag; /* the element's tag id, or 0 for any element */
    int fold;      /* values compared ASCII-case-insensitively (HTML's list, as Lexbor) */
} Test;

/* Whether `a` and `b`, `length` bytes each, are equal, ASCII case aside if `fold`. */
static int same_bytes(const unsigned char *a, const unsigned char *b, size_t length, int fold) {
    if (!fold) {
        return memcmp(a, b, length) == 0;
    }
    for (size_t i = 0; i < length; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return 0;
        }
    }
    return 1;
}

#define MAX_TESTS 64

/* Whether the attribute `attr`, whose qualified name is `name`, passes `test`, compared
 * as Lexbor's selector engine compares: names in ASCII lower case, values exactly or,
 * for the attributes HTML lists (`fold`), ASCII case aside. */
static int passes(lxb_attr *attr, const unsigned char *name, size_t name_length,
                  const Test *test) {
    if (!same_name(name, name_length, test->name, (size_t)test->name_length)) {
        return 0;
    }
    if (test->op == 0) {
        return 1;
    }
    size_t length = 0;
    const unsigned char *value = lxb.value(attr, &length);
    if (value == NULL) {
        value = (const unsigned char *)"", length = 0;
    }
    const unsigned char *wanted = (const unsigned char *)test->value;
    if (test->op == 1) {
        return length == (size_t)test->value_length &&
               same_bytes(value, wanted, length, test->fold);
    }
    if (test->value_length == 0 || length < (size_t)test->value_length) {
        return 0;
    }
    for (size_t at = 0; at + (size_t)test->value_length <= length; at++) {
        if (same_bytes(value + at, wanted, (size_t)test->value_length, test->fold)) {
            return 1;
        }
    }
    return 0;
}

/* The tests of `tests`, a tuple of (name, op, value, tag id, fold), into `into`; -1 with
 * an error.
 * The strings stay owned by the tuple. */
static Py_ssize_t read_tests(PyObject *tests, Test *into) {
    Py_ssize_t count = PyTuple_GET_SIZE(tests);
    if (count > MAX_TESTS) {
        PyErr_SetString(PyExc_ValueError, "at most 64 attribute tests");
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *test = PyTuple_GET_ITEM(tests, i);
        const char *op;
        Py_ssize_t tag = 0;
        if (!PyTuple_Check(test) ||
            !PyArg_ParseTuple(test, "s#ss#np", &into[i].name, &into[i].name_length, &op,
                              &into[i].value, &into[i].value_length, &tag, &into[i].fold)) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "a test is (name, op, value, tag id, fold)");
            }
            return -1;
        }
        into[i].tag = (uintptr_t)tag;
        into[i].op = strcmp(op, "") == 0    ? 0
                     : strcmp(op, "=") == 0  ? 1
                     : strcmp(op, "*=") == 0 ? 2
                                             : -1;
        if (into[i].op < 0) {
            PyErr_SetString(PyExc_ValueError, "a test's op is '', '=' or '*='");
            return -1;
        }
    }
    return count;
}

typedef struct {
    Test tests[MAX_TESTS];
    Py_ssize_t test_count;
    TagsWanted tags;
} TestsWanted;

static PyObject *visit_matching(lxb_node *element, PyObject *parser, void *context) {
    const TestsWanted *wanted = context;
    uintptr_t tag = lxb.tag_id(element);
    int match = among(tag, wanted->tags.ids, wanted->tags.count);
    for (lxb_attr *attr = lxb.first_attribute(element); attr != NULL && !match;
         attr = lxb.next_attribute(attr)) {
        size_t name_length = 0;
        const unsigned char *name = lxb.qualified_name(attr, &name_length);
        for (Py_ssize_t t = 0; name != NULL && t < wanted->test_count && !match; t++) {
            const Test *test = &wanted->tests[t];
            match = (test->tag == 0 || test->tag == tag) && passes(attr, name, name_length, test);
        }
    }
    return match ? make_node(element, parser) : SKIP;
}

static PyObject *py_matching(PyObject *module, PyObject *args) {
    PyObject *node, *tests, *tags;
    if (!PyArg_ParseTuple(args, "OO!O!:matching", &node, &PyTuple_Type, &tests, &PyTuple_Type,
                          &tags)) {
        return NULL;
    }
    TestsWanted wanted;
    wanted.test_count = read_tests(tests, wanted.tests);
    if (wanted.test_count < 0 || read_ids(tags, wanted.tags.ids) < 0) {
        return NULL;
    }
    wanted.tags.count = PyTuple_GET_SIZE(tags);
    return collect_elements(node, visit_matching, &wanted);
}

/* ---- text lengths ---- */

/* Where a text node keeps its data (a lexbor_str_t: the UTF-8 bytes, then their count)
 * from the node's address, and the tag id text nodes have: found by text_probe on a
 * node made for the purpose; 0 (text_length unavailable) where the probe fails. */
static size_t text_data_offset;
static uintptr_t text_tag_id;

typedef struct {
    Py_ssize_t chars;    /* code points */
    Py_ssize_t leading;  /* whitespace code points at the start (all of them if blank) */
    Py_ssize_t trailing; /* whitespace code points at the end */
    int blank;           /* only whitespace, or empty */
} Fragment;

/* The length in bytes of the valid UTF-8 sequence at `at` (before `end`) and its code
 * point, or 0 for an invalid one (which the "replace" decoding would count its own way). */
static int utf8_at(const unsigned char *at, const unsigned char *end, Py_UCS4 *point) {
    unsigned char c = at[0];
    if (c < 0x80) {
        *point = c;
        return 1;
    }
    int length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (length == 0 || end - at < length) {
        return 0;
    }
    unsigned char low = 0x80, high = 0xBF; /* the second byte's range: no overlong form */
    if (c == 0xE0) {
        low = 0xA0;
    } else if (c == 0xED) {
        high = 0x9F; /* no surrogate */
    } else if (c == 0xF0) {
        low = 0x90;
    } else if (c == 0xF4) {
        high = 0x8F;
    }
    if (at[1] < low || at[1] > high) {
        return 0;
    }
    Py_UCS4 value = c & (0x7F >> length);
    for (int i = 1; i < length; i++) {
        if ((at[i] & 0xC0) != 0x80) {
            return 0;
        }
        value = (value << 6) | (at[i] & 0x3F);
    }
    *point = value;
    return length;
}

#define ASCII_WORD 0x8080808080808080ULL /* the high bit of each of 8 bytes */

/* The counts of one text node's data, as Python reads it decoded; -1 if it is not valid
 * UTF-8. Leading and trailing whitespace, what str.strip() removes, is counted only
 * if `edges`. */
static int count_fragment(const unsigned char *data, size_t size, int edges, Fragment *out) {
    const unsigned char *at = data, *end = data + size;
    Py_ssize_t chars = 0;
    while (edges && at < end) { /* leading whitespace: all of an indentation's text node */
        Py_UCS4 point;
        int length = utf8_at(at, end, &point);
        if (length == 0) {
            return -1;
        }
        if (!Py_UNICODE_ISSPACE(point)) {
            break;
        }
        at += length;
        chars++;
    }
    Py_ssize_t leading = chars;
    if (edges && at == end) {
        *out = (Fragment){chars, chars, chars, 1};
        return 0;
    }
    const unsigned char *text = at;
    while (at < end) { /* validated as it is counted; ASCII eight bytes at a time */
        uint64_t word;
        if (end - at >= 8 && (memcpy(&word, at, 8), (word & ASCII_WORD) == 0)) {
            at += 8;
            chars += 8;
            continue;
        }
        Py_UCS4 point;
        int length = utf8_at(at, end, &point);
        if (length == 0) {
            return -1;
        }
        at += length;
        chars++;
    }
    Py_ssize_t trailing = 0;
    for (const unsigned char *stop = end; edges && stop > text; trailing++) {
        const unsigned char *start = stop - 1;
        while (start > text && (*start & 0xC0) == 0x80) {
            start--; /* back to the first byte of the last code point */
        }
        Py_UCS4 point;
        utf8_at(start, stop, &point);
        if (!Py_UNICODE_ISSPACE(point)) {
            break;
        }
        stop = start;
    }
    *out = (Fragment){chars, leading, trailing, chars == 0};
    return 0;
}

/* The next node after `current` under `root` in document order (any type), or NULL. */
static lxb_node *next_node(lxb_node *root, lxb_node *current, int deep) {
    lxb_node *child = deep ? lxb.first_child(current) : NULL;
    if (child != NULL) {
        return child;
    }
    while (current != root) {
        lxb_node *sibling = lxb.next(current);
        if (sibling != NULL) {
            return sibling;
        }
        current = lxb.parent(current);
        if (current == root || !deep) {
            return NULL;
        }
    }
    return NULL;
}

typedef struct {
    Py_ssize_t separator; /* its length: 0 or 1 (a space) */
    int strip;            /* each fragment stripped, as text(strip=True) */
    int strip_whole;      /* the joined text stripped, as text(...).strip() */
    Py_ssize_t limit;     /* past it the count may stop; < 0: no limit */
} Measure;

/* The length of the text of `root`'s children (deep: descendants) as `how` reads it:
 * exact up to `how->limit`, any number above it past that; -1 where a text node is
 * not valid UTF-8. */
static Py_ssize_t measure_text(lxb_node *root, const Measure *how, int deep) {
    Py_ssize_t total = 0;       /* every code point, separators included */
    Py_ssize_t leading = 0;     /* whitespace before the first other code point */
    Py_ssize_t trailing = 0;    /* whitespace after the last one */
    Py_ssize_t fragments = 0;
    int blank = 1;
    /* A text node's own text comes first, as selectolax reads it (it has no children). */
    lxb_node *first = lxb.tag_id(root) == text_tag_id ? root : lxb.first_child(root);
    for (lxb_node *node = first; node != NULL; node = node == root ? NULL : next_node(root, node, deep)) {
        if (lxb.tag_id(node) != text_tag_id) {
            continue;
        }
        const lexbor_str *data = (const lexbor_str *)((const char *)node + text_data_offset);
        if (data->data == NULL) {
            continue; /* no data: selectolax adds no fragment either */
        }
        Fragment fragment;
        if (count_fragment(data->data, data->length, how->strip || how->strip_whole, &fragment) < 0) {
            return -1;
        }
        if (fragments++ > 0 && how->separator > 0) {
            total += how->separator; /* a space: whitespace to the whole strip */
            trailing += how->separator;
            if (blank) {
                leading += how->separator;
            }
        }
        if (how->strip) {
            Py_ssize_t kept = fragment.blank ? 0 : fragment.chars - fragment.leading - fragment.trailing;
            fragment = (Fragment){kept, 0, 0, kept == 0};
        }
        total += fragment.chars;
        if (blank) {
            leading += fragment.leading;
        }
        trailing = fragment.blank ? trailing + fragment.chars : fragment.trailing;
        blank = blank && fragment.blank;
        Py_ssize_t length = !how->strip_whole ? total : blank ? 0 : total - leading - trailing;
        if (how->limit >= 0 && length > how->limit) {
            return length; /* a prefix's length never exceeds the whole's */
        }
    }
    if (!how->strip_whole) {
        return total;
    }
    return blank ? 0 : total - leading - trailing;
}


/* Finds where a text node keeps its data, on the text of a paragraph made for the
 * purpose: the offset, after the node's own fields, of a pointer to the text followed by
 * its length, checked on two texts of different lengths. Leaves text_data_offset 0 if
 * no offset holds both. */
static void text_probe(void) {
    static const char *texts[] = {"pressroom probe text", "pressroom"};
    PyObject *selectolax = PyImport_ImportModule("selectolax.lexbor");
    size_t found[2] = {0, 0};
    for (int t = 0; t < 2 && selectolax != NULL; t++) {
        PyObject *tree = PyObject_CallMethod(selectolax, "LexborHTMLParser", "s",
                                             t == 0 ? "<p>pressroom probe text</p>" : "<p>pressroom</p>");
        PyObject *paragraph = tree ? PyObject_CallMethod(tree, "css_first", "s", "p") : NULL;
        lxb_node *element = paragraph && PyObject_TypeCheck(paragraph, node_type) ? node_of(paragraph) : NULL;
        lxb_node *text = element ? lxb.first_child(element) : NULL;
        size_t length = strlen(texts[t]);
        for (size_t offset = 2 * sizeof(void *); text != NULL && offset <= 256; offset += sizeof(void *)) {
            lexbor_str data;
            memcpy(&data, (const char *)text + offset, sizeof(data));
            if (data.length == length && (uintptr_t)data.data > 4096 &&
                memcmp(data.data, texts[t], length) == 0) {
                found[t] = offset;
                text_tag_id = lxb.tag_id(text);
                break;
            }
        }
        Py_XDECREF(paragraph);
        Py_XDECREF(tree);
    }
    PyErr_Clear();
    Py_XDECREF(selectolax);
    text_data_offset = found[0] != 0 && found[0] == found[1] ? found[0] : 0;
}

/* node.text(**kwargs), stripped whole if `strip_whole`: a text read through selectolax,
 * where the count cannot be made (a separator of more than one character, or not a
 * space; text that is not valid UTF-8) or the text itself is wanted. */
static PyObject *read_text(PyObject *node, PyObject *kwargs, int strip_whole) {
    PyObject *method = PyObject_GetAttrString(node, "text");
    PyObject *args = method ? PyTuple_New(0) : NULL;
    PyObject *text = args ? PyObject_Call(method, args, kwargs) : NULL;
    Py_XDECREF(method);
    Py_XDECREF(args);
    if (text != NULL && strip_whole) {
        Py_SETREF(text, PyObject_CallMethod(text, "strip", NULL));
    }
    return text;
}

/* read_text(node, {"separator": " ", "strip": strip}, !strip) built from the UTF-8
 * data of the text nodes under `root`, without a call into selectolax for each node:
 * the fragments (each stripped if `strip`) joined with a space, as selectolax joins them
 * (a blank fragment too), the whole stripped if not `strip`. NULL with an error, or
 * NULL without one where a fragment is not valid UTF-8 (read through selectolax then). */
static PyObject *build_text(lxb_node *root, int strip) {
    static PyObject *space = NULL, *strip_name = NULL;
    if (space == NULL && ((space = PyUnicode_InternFromString(" ")) == NULL ||
                          (strip_name = PyUnicode_InternFromString("strip")) == NULL)) {
        return NULL;
    }
    PyObject *parts = PyList_New(0);
    if (parts == NULL) {
        return NULL;
    }
    lxb_node *first = lxb.tag_id(root) == text_tag_id ? root : lxb.first_child(root);
    for (lxb_node *node = first; node != NULL; node = node == root ? NULL : next_node(root, node, 1)) {
        if (lxb.tag_id(node) != text_tag_id) {
            continue;
        }
        const lexbor_str *data = (const lexbor_str *)((const char *)node + text_data_offset);
        if (data->data == NULL) {
            continue; /* selectolax adds no fragment either */
        }
        PyObject *part = PyUnicode_DecodeUTF8((const char *)data->data, (Py_ssize_t)data->length, NULL);
        if (part == NULL) {
            Py_DECREF(parts);
            if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
                PyErr_Clear(); /* not UTF-8: selectolax decodes it its own way */
            }
            return NULL;
        }
        if (strip) {
            Py_SETREF(part, PyObject_CallMethodNoArgs(part, strip_name));
        }
        if (part == NULL || PyList_Append(parts, part) < 0) {
            Py_XDECREF(part);
            Py_DECREF(parts);
            return NULL;
        }
        Py_DECREF(part);
    }
    PyObject *text = PyUnicode_Join(space, parts);
    Py_DECREF(parts);
    if (text != NULL && !strip) {
        Py_SETREF(text, PyObject_CallMethodNoArgs(text, strip_name));
    }
    return text;
}

/* The length of read_text(node, kwargs, strip_whole), or -1 with an error. */
static Py_ssize_t read_length(PyObject *node, PyObject *kwargs, int strip_whole) {
    PyObject *text = read_text(node, kwargs, strip_whole);
    Py_ssize_t length = text != NULL ? PyObject_Length(text) : -1;
    Py_XDECREF(text);
    return length;
}

static PyObject *py_text_length(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kwnames) {
    static const char *names[] = {"deep", "separator", "strip", "strip_whole", "limit"};
    PyObject *given[5] = {Py_True, NULL, Py_False, Py_False, NULL};
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "text_length(node, /, *, deep=True, separator='', "
                                         "strip=False, strip_whole=False, limit=-1)");
        return NULL;
    }
    Py_ssize_t keywords = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < keywords; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k);
        int slot = -1;
        for (int n = 0; n < 5 && slot < 0; n++) {
            if (PyUnicode_CompareWithASCIIString(name, names[n]) == 0) {
                slot = n;
            }
        }
        if (slot < 0) {
            PyErr_Format(PyExc_TypeError, "text_length() got an unexpected keyword %R", name);
            return NULL;
        }
        given[slot] = args[nargs + k];
    }
    Measure how;
    int deep = PyObject_IsTrue(given[0]);
    how.strip = PyObject_IsTrue(given[2]);
    how.strip_whole = PyObject_IsTrue(given[3]);
    how.limit = given[4] ? PyLong_AsSsize_t(given[4]) : -1;
    if (deep < 0 || how.strip < 0 || how.strip_whole < 0 || (how.limit == -1 && PyErr_Occurred())) {
        return NULL;
    }
    PyObject *separator = given[1];
    if (separator == NULL) {
        how.separator = 0;
    } else if (!PyUnicode_Check(separator)) {
        PyErr_SetString(PyExc_TypeError, "the separator is a str");
        return NULL;
    } else {
        how.separator = PyUnicode_GET_LENGTH(separator);
        if (how.separator == 1 && PyUnicode_READ_CHAR(separator, 0) != ' ') {
            how.separator = -1;
        }
    }
    lxb_node *root = node_of(args[0]);
    if (root == NULL) {
        return NULL;
    }
    Py_ssize_t length = -1;
    if (text_data_offset != 0 && (how.separator == 0 || how.separator == 1)) {
        length = measure_text(root, &how, deep);
    }
    if (length >= 0) {
        return PyLong_FromSsize_t(length);
    }
    PyObject *kwargs = Py_BuildValue("{sOsO}", "deep", given[0], "strip", given[2]);
    if (kwargs != NULL && separator != NULL &&
        PyDict_SetItemString(kwargs, "separator", separator) < 0) {
        Py_CLEAR(kwargs);
    }
    length = kwargs != NULL ? read_length(args[0], kwargs, how.strip_whole) : -1;
    Py_XDECREF(kwargs);
    return length < 0 ? NULL : PyLong_FromSsize_t(length);
}

/* ---- short texts ---- */

/* A set of node addresses: open addressing, grown to stay at most half full. */
typedef struct {
    uintptr_t *slots; /* 0: empty */
    size_t capacity;  /* a power of two */
    size_t count;
} NodeSet;

static size_t node_slot(const NodeSet *set, uintptr_t address) {
    size_t mask = set->capacity - 1;
    size_t slot = (size_t)((address >> 4) * 0x9E3779B97F4A7C15ULL) & mask;
    while (set->slots[slot] != 0 && set->slots[slot] != address) {
        slot = (slot + 1) & mask;
    }
    return slot;
}

static int node_set_has(const NodeSet *set, lxb_node *node) {
    return set->slots[node_slot(set, (uintptr_t)node)] != 0;
}

/* Adds `node`; 1 if it was new, 0 if it was there, -1 with an error. */
static int node_set_add(NodeSet *set, lxb_node *node) {
    if (2 * (set->count + 1) > set->capacity) {
        NodeSet grown = {PyMem_Calloc(set->capacity * 2, sizeof(uintptr_t)), set->capacity * 2, 0};
        if (grown.slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i < set->capacity; i++) {
            if (set->slots[i] != 0) {
                grown.slots[node_slot(&grown, set->slots[i])] = set->slots[i];
                grown.count++;
            }
        }
        PyMem_Free(set->slots);
        *set = grown;
    }
    size_t slot = node_slot(set, (uintptr_t)node);
    if (set->slots[slot] != 0) {
        return 0;
    }
    set->slots[slot] = (uintptr_t)node;
    set->count++;
    return 1;
}

static PyObject *py_short_texts(PyObject *module, PyObject *args) {
    PyObject *nodes;
    Py_ssize_t limit;
    int strip;
    if (!PyArg_ParseTuple(args, "O!np:short_texts", &PyList_Type, &nodes, &limit, &strip)) {
        return NULL;
    }
    if (text_data_offset == 0) {
        PyErr_SetString(PyExc_RuntimeError, "text nodes could not be read on this Lexbor");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(nodes);
    PyObject *texts = PyList_New(count);
    PyObject *kwargs = texts ? Py_BuildValue("{sssO}", "separator", " ", "strip",
                                             strip ? Py_True : Py_False)
                             : NULL;
    NodeSet too_long = {PyMem_Calloc(64, sizeof(uintptr_t)), 64, 0};
    if (kwargs == NULL || too_long.slots == NULL) {
        if (too_long.slots == NULL && kwargs != NULL) {
            PyErr_NoMemory();
        }
        PyMem_Free(too_long.slots);
        Py_XDECREF(kwargs);
        Py_XDECREF(texts);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyList_SET_ITEM(texts, i, Py_NewRef(Py_None));
    }
    Measure how = {1, strip, !strip, limit};
    int failed = 0;
    for (Py_ssize_t i = count - 1; i >= 0 && !failed; i--) {
        PyObject *node = PyList_GET_ITEM(nodes, i);
        lxb_node *element = node_of(node);
        if (element == NULL) {
            failed = 1;
            break;
        }
        if (node_set_has(&too_long, element)) {
            continue;
        }
        Py_ssize_t length = measure_text(element, &how, 1);
        PyObject *text = NULL;
        if (length < 0 || length <= limit) { /* not UTF-8: read to be measured */
            text = length >= 0 ? build_text(element, strip) : NULL;
            if (text == NULL && !PyErr_Occurred()) {
                text = read_text(node, kwargs, !strip);
            }
            if (text == NULL) {
                failed = 1;
                break;
            }
            length = PyUnicode_GET_LENGTH(text);
        }
        if (length <= limit) {
            PyList_SetItem(texts, i, text); /* steals text, drops the None */
            continue;
        }
        Py_XDECREF(text);
        for (lxb_node *up = lxb.parent(element); up != NULL; up = lxb.parent(up)) {
            int added = node_set_add(&too_long, up);
            if (added <= 0) {
                failed = added < 0;
                break;
            }
        }
    }
    PyMem_Free(too_long.slots);
    Py_DECREF(kwargs);
    if (failed) {
        Py_DECREF(texts);
        return NULL;
    }
    return texts;
}

/* ---- doomed suspects ---- */

/* The addresses in `ids` (an iterable of ints, mem_ids) added to `set`; -1 with an error. */
static int add_ids(NodeSet *set, PyObject *ids) {
    PyObject *iterator = PyObject_GetIter(ids);
    if (iterator == NULL) {
        return -1;
    }
    PyObject *item;
    while ((item = PyIter_Next(iterator)) != NULL) {
        lxb_node *node = (lxb_node *)PyLong_AsVoidPtr(item);
        Py_DECREF(item);
        if ((node == NULL && PyErr_Occurred()) || (node != NULL && node_set_add(set, node) < 0)) {
            Py_DECREF(iterator);
            return -1;
        }
    }
    Py_DECREF(iterator);
    return PyErr_Occurred() ? -1 : 0;
}

static PyObject *py_doomed(PyObject *module, PyObject *args) {
    PyObject *suspects, *protected_ids, *doomed_ids;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!OOn:doomed", &PyList_Type, &suspects, &protected_ids,
                          &doomed_ids, &limit)) {
        return NULL;
    }
    if (text_data_offset == 0) {
        PyErr_SetString(PyExc_RuntimeError, "text nodes could not be read on this Lexbor");
        return NULL;
    }
    NodeSet protected = {PyMem_Calloc(64, sizeof(uintptr_t)), 64, 0};
    NodeSet doomed = {PyMem_Calloc(64, sizeof(uintptr_t)), 64, 0};
    PyObject *found = PyList_New(0);
    PyObject *stripped = Py_BuildValue("{sO}", "strip", Py_True); /* text(strip=True) */
    int failed = protected.slots == NULL || doomed.slots == NULL || found == NULL ||
                 stripped == NULL || add_ids(&protected, protected_ids) < 0 ||
                 add_ids(&doomed, doomed_ids) < 0;
    if (failed && !PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    Measure how = {0, 1, 0, limit};
    for (Py_ssize_t i = 0; !failed && i < PyList_GET_SIZE(suspects); i++) {
        PyObject *node = PyList_GET_ITEM(suspects, i);
        lxb_node *element = node_of(node);
        if (element == NULL) {
            failed = 1;
            break;
        }
        if (node_set_has(&protected, element)) {
            continue;
        }
        lxb_node *parent = lxb.parent(element);
        lxb_node *grandparent = parent != NULL ? lxb.parent(parent) : NULL;
        int inside = (parent != NULL && node_set_has(&doomed, parent)) ||
                     (grandparent != NULL && node_set_has(&doomed, grandparent));
        if (!inside) {
            Py_ssize_t length = measure_text(element, &how, 1);
            if (length < 0 && (length = read_length(node, stripped, 0)) < 0) {
                failed = 1; /* not UTF-8, read to be measured: and the read failed */
                break;
            }
            if (length > limit) {
                continue;
            }
        }
        if (PyList_Append(found, node) < 0 || node_set_add(&doomed, element) < 0) {
            failed = 1;
        }
    }
    PyMem_Free(protected.slots);
    PyMem_Free(doomed.slots);
    Py_XDECREF(stripped);
    if (failed) {
        Py_XDECREF(found);
        return NULL;
    }
    return found;
}

static PyMethodDef module_methods[] = {
    {"matching", py_matching, METH_VARARGS,
     "matching(node, tests, tag_ids) -> list: node and the elements under it, in document "
     "order, that have one of tag_ids or an attribute passing one of tests, each "
     "(name, op, value, tag id, fold) with op '' (present), '=' (equal) or '*=' (holds), "
     "on an element of that tag id (0: any), the value compared ASCII case aside if "
     "fold."},
    {"text_length", (PyCFunction)(void (*)(void))py_text_length, METH_FASTCALL | METH_KEYWORDS,
     "text_length(node, /, *, deep=True, separator='', strip=False, strip_whole=False, "
     "limit=-1) -> int: len(node.text(deep=deep, separator=separator, strip=strip)), of "
     "its .strip() if strip_whole; exact up to limit (if >= 0), any number above it past "
     "it. Counted from the text nodes' bytes where the separator is '' or ' ' and the text "
     "valid UTF-8, else read through node.text()."},
    {"doomed", py_doomed, METH_VARARGS,
     "doomed(suspects, protected_ids, doomed_ids, limit) -> list: the suspects (elements "
     "in document order) that go, in order: each not among protected_ids (mem_ids) whose "
     "parent or grandparent went (doomed_ids, then those found), or whose text, each "
     "fragment stripped, is no longer than limit."},
    {"short_texts", py_short_texts, METH_VARARGS,
     "short_texts(nodes, limit, strip) -> list: for each of nodes (elements in document "
     "order) the text node.text(separator=' ', strip=strip) gives, stripped whole unless "
     "strip, where it is no longer than limit, else None. The nodes are measured last to "
     "first, and the ancestors of a longer one are passed over: they are longer still."},
    {"judged", py_judged, METH_VARARGS,
     "judged(node, unmarked_tag_ids, tag_ids, memo, judge, tokens, judge_token, by_class, "
     "token_max) -> list of (element, verdict, tag id): each element under node (node "
     "first) that has a class or an id and none of unmarked_tag_ids, or has one of "
     "tag_ids, in document order, with the verdict of its (class, id) from the dict memo, "
     "or else judged (then memoised): in ASCII token by token, each token's verdict from "
     "the dict tokens or else judge_token(token) (memoised; tokens is emptied when it "
     "holds token_max), outside ASCII by judge(class, id). Those judged 0 are left out "
     "unless they have one of tag_ids."},
    {"elements", py_elements, METH_VARARGS,
     "elements(node, tag_ids) -> list: node and the elements under it that have one of "
     "tag_ids, in document order."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef survey_methods[] = {
    {"found", (PyCFunction)survey_found, METH_O,
     "found(node) -> bytes: 1 for each pair, then tag id, that node's subtree has."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SurveyType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tasks.extract._lexbor.Survey",
    .tp_basicsize = sizeof(Survey),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Survey(pairs, tag_ids): attribute literals and tags to look for in a page.",
    .tp_new = survey_new,
    .tp_dealloc = (destructor)survey_dealloc,
    .tp_methods = survey_methods,
};

/* ---- Query ---- */

typedef struct {
    PyObject_HEAD
    void *list; /* the parsed selector list, in its parser's memory */
    PyObject *selector;
} Query;

static PyObject *query_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *selector;
    static char *names[] = {"selector", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U", names, &selector)) {
        return NULL;
    }
    Py_ssize_t length;
    const char *data = PyUnicode_AsUTF8AndSize(selector, &length);
    if (data == NULL) {
        return NULL;
    }
    /* A parser of its own, kept: the list lives in the parser's memory, which Lexbor
     * frees with the parser. Queries are made once, at import. */
    void *parser = lxb.css_parser_create();
    void *selectors = lxb.css_selectors_create();
    if (parser == NULL || selectors == NULL || lxb.css_parser_init(parser, NULL) != STATUS_OK ||
        lxb.css_selectors_init(selectors) != STATUS_OK) {
        return PyErr_NoMemory();
    }
    lxb.css_parser_selectors_set(parser, selectors);
    void *list = lxb.css_selectors_parse(parser, (const unsigned char *)data, (size_t)length);
    if (list == NULL) {
        PyErr_Format(PyExc_ValueError, "Lexbor cannot parse the selector %R", selector);
        return NULL;
    }
    Query *query = (Query *)type->tp_alloc(type, 0);
    if (query == NULL) {
        return NULL;
    }
    query->list = list;
    Py_INCREF(selector);
    query->selector = selector;
    return (PyObject *)query;
}

static void query_dealloc(Query *query) {
    /* The parser and the list stay: Lexbor offers no way to free the one without the
     * other but through its parser's fields, and a Query lives as long as the process. */
    Py_XDECREF(query->selector);
    Py_TYPE(query)->tp_free((PyObject *)query);
}

typedef struct {
    lxb_node **found;
    Py_ssize_t count, capacity;
    int first;    /* stop at the first */
    int overflow; /* no memory for another */
} Finding;

static unsigned collect(lxb_node *node, uintptr_t specificity, void *context) {
    (void)specificity;
    Finding *finding = context;
    if (finding->count == finding->capacity) {
        Py_ssize_t capacity = finding->capacity ? 2 * finding->capacity : 64;
        lxb_node **grown = PyMem_Realloc(finding->found, (size_t)capacity * sizeof(lxb_node *));
        if (grown == NULL) {
            finding->overflow = 1;
            return STATUS_STOP;
        }
        finding->found = grown;
        finding->capacity = capacity;
    }
    finding->found[finding->count++] = node;
    return finding->first ? STATUS_STOP : STATUS_OK;
}

/* The wrappers of the nodes `query` finds under `node` (node included), at most one if
 * `first`: what LexborNode.css (css_first) finds, in the same order. */
static PyObject *query_run(Query *query, PyObject *node, int first) {
    lxb_node *root = node_of(node);
    if (root == NULL) {
        return NULL;
    }
    PyObject *parser = PyObject_GetAttrString(node, "parser");
    if (parser == NULL) {
        return NULL;
    }
    Finding finding = {NULL, 0, 0, first, 0};
    lxb.selectors_opt_set(matcher, OPT_MATCH_ROOT);
    unsigned status = lxb.selectors_find(matcher, root, query->list, collect, &finding);
    PyObject *found = NULL;
    if (finding.overflow) {
        PyErr_NoMemory();
    } else if (status != STATUS_OK) {
        PyErr_Format(PyExc_RuntimeError, "Lexbor's search for %R failed (%u)", query->selector,
                     status);
    } else {
        found = PyList_New(finding.count);
        for (Py_ssize_t i = 0; found != NULL && i < finding.count; i++) {
            PyObject *wrapper = make_node(finding.found[i], parser);
            if (wrapper == NULL) {
                Py_CLEAR(found);
                break;
            }
            PyList_SET_ITEM(found, i, wrapper);
        }
    }
    PyMem_Free(finding.found);
    Py_DECREF(parser);
    return found;
}

static PyObject *query_find(Query *query, PyObject *node) { return query_run(query, node, 0); }

static PyObject *query_first(Query *query, PyObject *node) {
    PyObject *found = query_run(query, node, 1);
    if (found == NULL || PyList_GET_SIZE(found) == 0) {
        Py_XDECREF(found);
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *wrapper = PyList_GET_ITEM(found, 0);
    Py_INCREF(wrapper);
    Py_DECREF(found);
    return wrapper;
}

static PyMethodDef query_methods[] = {
    {"find", (PyCFunction)query_find, METH_O, "find(node) -> list: as node.css(selector)."},
    {"first", (PyCFunction)query_first, METH_O,
     "first(node) -> LexborNode | None: as node.css_first(selector)."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef query_members[] = {
    {"selector", T_OBJECT_EX, offsetof(Query, selector), READONLY, "The selector, as written."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject QueryType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tasks.extract._lexbor.Query",
    .tp_basicsize = sizeof(Query),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Query(selector): a CSS selector parsed once by Lexbor.",
    .tp_new = query_new,
    .tp_dealloc = (destructor)query_dealloc,
    .tp_methods = query_methods,
    .tp_members = query_members,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_lexbor",
    .m_doc = "Which attribute literals and tags occur in a parsed page, in one walk.",
    .m_size = -1,
    .m_methods = module_methods,
};

/* Fills `lxb` from the loaded selectolax module; -1 with an ImportError if it cannot. */
static int bind_lexbor(void) {
    PyObject *selectolax = PyImport_ImportModule("selectolax.lexbor");
    if (selectolax == NULL) {
        return -1;
    }
    PyObject *path = PyObject_GetAttrString(selectolax, "__file__");
    node_type = (PyTypeObject *)PyObject_GetAttrString(selectolax, "LexborNode");
    Py_DECREF(selectolax);
    if (path == NULL || node_type == NULL || !PyType_Check(node_type)) {
        Py_XDECREF(path);
        PyErr_SetString(PyExc_ImportError, "selectolax.lexbor has no file or no LexborNode");
        return -1;
    }
    PyObject *encoded = PyUnicode_EncodeFSDefault(path);
    Py_DECREF(path);
    if (encoded == NULL) {
        return -1;
    }
    /* Already loaded by the import above: NOLOAD only hands back its handle. */
    void *handle = dlopen(PyBytes_AS_STRING(encoded), RTLD_NOW | RTLD_NOLOAD);
    Py_DECREF(encoded);
    if (handle == NULL) {
        PyErr_SetString(PyExc_ImportError, "selectolax.lexbor cannot be opened");
        return -1;
    }
    struct {
        void **slot;
        const char *name;
    } wanted[] = {
        {(void **)&lxb.first_child, "lxb_dom_node_first_child_noi"},
        {(void **)&lxb.next, "lxb_dom_node_next_noi"},
        {(void **)&lxb.parent, "lxb_dom_node_parent_noi"},
        {(void **)&lxb.type, "lxb_dom_node_type_noi"},
        {(void **)&lxb.tag_id, "lxb_dom_node_tag_id_noi"},
        {(void **)&lxb.first_attribute, "lxb_dom_element_first_attribute_noi"},
        {(void **)&lxb.next_attribute, "lxb_dom_element_next_attribute_noi"},
        {(void **)&lxb.local_name, "lxb_dom_attr_local_name_noi"},
        {(void **)&lxb.value, "lxb_dom_attr_value_noi"},
        {(void **)&lxb.qualified_name, "lxb_dom_attr_qualified_name"},
        {(void **)&lxb.css_parser_create, "lxb_css_parser_create"},
        {(void **)&lxb.css_parser_init, "lxb_css_parser_init"},
        {(void **)&lxb.css_selectors_create, "lxb_css_selectors_create"},
        {(void **)&lxb.css_selectors_init, "lxb_css_selectors_init"},
        {(void **)&lxb.css_parser_selectors_set, "lxb_css_parser_selectors_set_noi"},
        {(void **)&lxb.css_selectors_parse, "lxb_css_selectors_parse"},
        {(void **)&lxb.selectors_create, "lxb_selectors_create"},
        {(void **)&lxb.selectors_init, "lxb_selectors_init"},
        {(void **)&lxb.selectors_opt_set, "lxb_selectors_opt_set_noi"},
        {(void **)&lxb.selectors_find, "lxb_selectors_find"},
    };
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        *wanted[i].slot = dlsym(handle, wanted[i].name);
        if (*wanted[i].slot == NULL) {
            dlclose(handle);
            PyErr_Format(PyExc_ImportError, "selectolax.lexbor does not export %s",
                         wanted[i].name);
            return -1;
        }
    }
    matcher = lxb.selectors_create();
    if (matcher == NULL || lxb.selectors_init(matcher) != STATUS_OK) {
        PyErr_SetString(PyExc_ImportError, "Lexbor's selector engine cannot be set up");
        return -1;
    }
    return 0; /* the handle stays open: the functions are used for the process's life */
}

/* LexborNode.new from the vtable Cython publishes as LexborNode.__pyx_vtable__. */
static int bind_node_constructor(void) {
    PyObject *capsule = PyObject_GetAttrString((PyObject *)node_type, "__pyx_vtable__");
    if (capsule == NULL || !PyCapsule_CheckExact(capsule)) {
        Py_XDECREF(capsule);
        PyErr_SetString(PyExc_ImportError, "LexborNode publishes no Cython vtable");
        return -1;
    }
    void **vtable = PyCapsule_GetPointer(capsule, PyCapsule_GetName(capsule));
    Py_DECREF(capsule);
    if (vtable == NULL) {
        return -1;
    }
    make_node = (PyObject * (*)(lxb_node *, PyObject *)) vtable[0];
    return 0;
}

PyMODINIT_FUNC PyInit__lexbor(void) {
    if (bind_lexbor() < 0 || bind_node_constructor() < 0 || PyType_Ready(&SurveyType) < 0 ||
        PyType_Ready(&QueryType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&SurveyType);
    if (PyModule_AddObject(m, "Survey", (PyObject *)&SurveyType) < 0) {
        Py_DECREF(&SurveyType);
        Py_DECREF(m);
        return NULL;
    }
    node_field_holds = node_field_probe();
    text_probe();
    if (PyModule_AddIntConstant(m, "TEXT_READ", text_data_offset != 0) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "NODE_FIELD_READ", node_field_holds) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&QueryType);
    if (PyModule_AddObject(m, "Query", (PyObject *)&QueryType) < 0) {
        Py_DECREF(&QueryType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
