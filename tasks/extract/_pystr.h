/* Shared by pressroom's C modules (_guardscan.c, _marks.c). */
#ifndef PRESSROOM_PYSTR_H
#define PRESSROOM_PYSTR_H

#include <Python.h>

/* 0 when `text` is a str ready to be read; else -1 with a TypeError naming `signature`
 * (or the error of making it ready, before Python 3.12). */
static int check_str(PyObject *text, const char *signature) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, signature);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return -1;
    }
#endif
    return 0;
}

#endif
