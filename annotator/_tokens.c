/* The canonical export's tokens, compiled: the same rules as annotator/text/tokenize.py and the
 * same output as annotator/formats/jsonl.py's pure-Python path, which stays the reference
 * (tests/unit/formats/test_tokens.py holds the two equal under generated text).
 *
 * Exporting writes some thirty token objects per document; built as Python dicts they cost
 * several times a plain orjson.dumps of the whole record, so this module finds the token
 * bounds, cuts them at span edges (split_export) and writes the tokens' and spans' JSON
 * without creating an object per token; Python only reports what it lists.
 *
 * Rules at each position, as the regular expression `number|word|[^\s]` plus spaCy's
 * whitespace tokens decide them (`(token|\s+)( ?)`):
 *   - whitespace (str.isspace) runs to the next non-whitespace and is one token;
 *   - a decimal digit starts a number: digits, and a separator between two digits;
 *   - a letter ([^\W\d]: alphanumeric or "_", not a decimal digit) or a mark starts a word:
 *     every following letter or mark;
 *   - anything else is a token of one character;
 *   - a non-whitespace token followed by one space (U+0020) takes it as its "ws".
 * Which characters are marks and number separators comes from Python (configure()), so the
 * tables live in one place.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* What each code point can be in a token, looked up once per character: the Unicode
 * database calls behind str.isalnum() and friends cost more than the whole rest of the work. */
enum { OTHER = 0, SPACE = 1, DIGIT = 2, WORD = 4, SEPARATOR = 8 };
#define CODE_POINTS 0x110000
static unsigned char *classes;

static inline unsigned char
class_of(Py_UCS4 c)
{
    return classes[c];
}

/* configure(marks, separators): `marks` is a bitmap (bit c of byte c >> 3) of the code
 * points that decorate letters, `separators` the characters allowed between two digits. */
static PyObject *
configure(PyObject *Py_UNUSED(module), PyObject *args)
{
    const unsigned char *marks;
    Py_ssize_t marks_size;
    PyObject *seps;
    if (!PyArg_ParseTuple(args, "y#U:configure", &marks, &marks_size, &seps)) {
        return NULL;
    }
    unsigned char *table = classes ? classes : PyMem_Malloc(CODE_POINTS);
    if (table == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_UCS4 c = 0; c < CODE_POINTS; c++) {
        unsigned char k = OTHER;
        Py_ssize_t byte = (Py_ssize_t)(c >> 3);
        if (Py_UNICODE_ISSPACE(c)) {
            k = SPACE;
        }
        else if (Py_UNICODE_ISDECIMAL(c)) {
            k = DIGIT;
        }
        /* The regular expression engine's \w is isalnum() or "_", its \d is isdecimal(). */
        else if (Py_UNICODE_ISALNUM(c) || c == '_'
                 || (byte < marks_size && ((marks[byte] >> (c & 7)) & 1))) {
            k = WORD;
        }
        table[c] = k;
    }
    int kind = PyUnicode_KIND(seps);
    const void *data = PyUnicode_DATA(seps);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(seps); i++) {
        table[PyUnicode_READ(kind, data, i)] |= SEPARATOR;
    }
    classes = table;
    Py_RETURN_NONE;
}

/* Where the non-whitespace token starting at `p` ends. */
static Py_ssize_t
token_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t p, unsigned char first)
{
    Py_ssize_t q = p + 1;
    if (first & DIGIT) {
        for (;;) {
            while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & DIGIT)) {
                q++;
            }
            if (q + 1 < n && (class_of(PyUnicode_READ(kind, data, q)) & SEPARATOR)
                && (class_of(PyUnicode_READ(kind, data, q + 1)) & DIGIT)) {
                q += 2;
                continue;
            }
            return q;
        }
    }
    if (first & WORD) {
        while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & WORD)) {
            q++;
        }
    }
    return q;
}

typedef struct {
    Py_ssize_t *start, *end;
    char *ws;
    Py_ssize_t count;
} Tokens;

static void
tokens_free(Tokens *t)
{
    PyMem_Free(t->start);
    PyMem_Free(t->end);
    PyMem_Free(t->ws);
    t->start = t->end = NULL;
    t->ws = NULL;
}

/* Room for `capacity` tokens; -1 with MemoryError set when there is none. */
static int
tokens_alloc(Tokens *t, Py_ssize_t capacity)
{
    capacity = capacity ? capacity : 1;
    t->start = PyMem_Malloc(sizeof(Py_ssize_t) * capacity);
    t->end = PyMem_Malloc(sizeof(Py_ssize_t) * capacity);
    t->ws = PyMem_Malloc(capacity);
    t->count = 0;
    if (t->start == NULL || t->end == NULL || t->ws == NULL) {
        tokens_free(t);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static inline void
tokens_add(Tokens *t, Py_ssize_t start, Py_ssize_t end, char ws)
{
    t->start[t->count] = start;
    t->end[t->count] = end;
    t->ws[t->count++] = ws;
}

/* The canonical tokens of `text` (at most one per character). */
static int
scan(PyObject *text, Tokens *t)
{
    if (classes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "annotator._tokens.configure() was not called");
        return -1;
    }
    if (PyUnicode_READY(text) < 0) { /* a legacy string from an old C extension */
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (tokens_alloc(t, n) < 0) {
        return -1;
    }
    Py_ssize_t p = 0;
    while (p < n) {
        Py_ssize_t q;
        char space = 0;
        unsigned char first = class_of(PyUnicode_READ(kind, data, p));
        if (first & SPACE) {
            q = p + 1;
            while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & SPACE)) {
                q++;
            }
        }
        else {
            q = token_end(kind, data, n, p, first);
            space = q < n && PyUnicode_READ(kind, data, q) == ' ';
        }
        tokens_add(t, p, q, space);
        p = q + space;
    }
    return 0;
}

static PyObject *
index_list(const Py_ssize_t *values, Py_ssize_t count)
{
    PyObject *list = PyList_New(count);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *number = PyLong_FromSsize_t(values[i]);
        if (number == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, number);
    }
    return list;
}

/* bounds(text) -> (starts, ends, ws): the canonical tokens' offsets as two lists of int, and
 * a bytes object holding 1 where the token is followed by its one space. */
static PyObject *
bounds(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "bounds() takes a str");
        return NULL;
    }
    Tokens t;
    if (scan(text, &t) < 0) {
        return NULL;
    }
    PyObject *out = Py_BuildValue("(NNN)", index_list(t.start, t.count),
                                  index_list(t.end, t.count),
                                  PyBytes_FromStringAndSize(t.ws, t.count));
    tokens_free(&t);
    return out;
}

/* The first index in sorted `values[0:count]` whose value is greater than (`right`) or not
 * less than (!`right`) `x`, as Python's bisect_right and bisect_left. */
static Py_ssize_t
bisect(const Py_ssize_t *values, Py_ssize_t count, Py_ssize_t x, int right)
{
    Py_ssize_t lo = 0, hi = count;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (right ? values[mid] <= x : values[mid] < x) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo;
}

typedef struct {
    char *data;
    Py_ssize_t size, capacity;
} Buffer;

static int
reserve(Buffer *b, Py_ssize_t more)
{
    if (b->size + more <= b->capacity) {
        return 0;
    }
    Py_ssize_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->size + more) {
        capacity *= 2;
    }
    char *grown = PyMem_Realloc(b->data, capacity);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = grown;
    b->capacity = capacity;
    return 0;
}

static inline void
put(Buffer *b, const char *s, Py_ssize_t len)
{
    memcpy(b->data + b->size, s, len);
    b->size += len;
}

static inline void
put_number(Buffer *b, Py_ssize_t value)
{
    char digits[24];
    int i = sizeof digits;
    do {
        digits[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    put(b, digits + i, sizeof digits - i);
}

/* One code point as JSON string content, escaped as orjson escapes it; -1 on a surrogate,
 * which has no UTF-8 form. The caller has reserved 6 bytes. */
static int
put_char(Buffer *b, Py_UCS4 c)
{
    static const char hex[] = "0123456789abcdef";
    char *out = b->data + b->size;
    if (c < 0x80) {
        if (c == '"' || c == '\\') {
            out[0] = '\\';
            out[1] = (char)c;
            b->size += 2;
        }
        else if (c < 0x20) {
            const char *named = NULL;
            switch (c) {
            case '\b': named = "\\b"; break;
            case '\t': named = "\\t"; break;
            case '\n': named = "\\n"; break;
            case '\f': named = "\\f"; break;
            case '\r': named = "\\r"; break;
            }
            if (named != NULL) {
                put(b, named, 2);
            }
            else {
                char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                put(b, escaped, 6);
            }
        }
        else {
            out[0] = (char)c;
            b->size += 1;
        }
    }
    else if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        b->size += 2;
    }
    else if (c < 0x10000) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            return -1;
        }
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        b->size += 3;
    }
    else {
        out[0] = (char)(0xF0 | (c >> 18));
        out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[3] = (char)(0x80 | (c & 0x3F));
        b->size += 4;
    }
    return 0;
}

typedef struct {
    Py_ssize_t token, at;
} Cut;

static int
by_token_then_offset(const void *a, const void *b)
{
    const Cut *x = a, *y = b;
    if (x->token != y->token) {
        return x->token < y->token ? -1 : 1;
    }
    return (x->at > y->at) - (x->at < y->at);
}

/* What the JSON of a span needs, read once from the span object (new references), with its
 * place in the list given and whether it can be exported. */
typedef struct {
    Py_ssize_t start, end, index;
    PyObject *label, *text, *annotators, *source, *id;
    int sound; /* not stale, inside the text, and its text is the document's there */
} SpanFields;

static void
span_fields_clear(SpanFields *f)
{
    Py_CLEAR(f->label);
    Py_CLEAR(f->text);
    Py_CLEAR(f->annotators);
    Py_CLEAR(f->source);
    Py_CLEAR(f->id);
}

enum { START, END, LABEL, TEXT, ANNOTATORS, SOURCE, STALE, ID, FIELDS };
static const char *field_names[FIELDS] = {"start",      "end",    "label", "text",
                                          "annotators", "source", "stale", "id"};
static PyObject *field_keys[FIELDS]; /* interned once, at module import */

static Py_ssize_t
int_attribute(PyObject *object, int field)
{
    PyObject *value = PyObject_GetAttr(object, field_keys[field]);
    if (value == NULL) {
        return -1;
    }
    Py_ssize_t out = PyLong_AsSsize_t(value);
    Py_DECREF(value);
    return out;
}

static int
read_span(PyObject *span, PyObject *document, SpanFields *f)
{
    /* Each read is checked before the next: an attribute's code may raise. */
    if ((f->start = int_attribute(span, START)) == -1 && PyErr_Occurred()) {
        return -1;
    }
    if ((f->end = int_attribute(span, END)) == -1 && PyErr_Occurred()) {
        return -1;
    }
    if ((f->label = PyObject_GetAttr(span, field_keys[LABEL])) == NULL
        || (f->text = PyObject_GetAttr(span, field_keys[TEXT])) == NULL
        || (f->annotators = PyObject_GetAttr(span, field_keys[ANNOTATORS])) == NULL
        || (f->source = PyObject_GetAttr(span, field_keys[SOURCE])) == NULL
        || (f->id = PyObject_GetAttr(span, field_keys[ID])) == NULL) {
        return -1;
    }
    if (!PyUnicode_Check(f->label) || !PyUnicode_Check(f->text) || !PyUnicode_Check(f->source)
        || !PyUnicode_Check(f->id) || !PyTuple_Check(f->annotators)) {
        PyErr_SetString(PyExc_TypeError,
                        "a span's id, label, text and source must be str and annotators a tuple");
        return -1;
    }
    if (PyUnicode_READY(f->label) < 0 || PyUnicode_READY(f->text) < 0
        || PyUnicode_READY(f->source) < 0 || PyUnicode_READY(f->id) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(f->annotators); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(f->annotators, i))) {
            PyErr_SetString(PyExc_TypeError, "a span's annotators must be str");
            return -1;
        }
    }
    PyObject *stale = PyObject_GetAttr(span, field_keys[STALE]);
    if (stale == NULL) {
        return -1;
    }
    int is_stale = PyObject_IsTrue(stale);
    Py_DECREF(stale);
    if (is_stale < 0) {
        return -1;
    }
    f->sound = 0;
    if (!is_stale && 0 <= f->start && f->start < f->end
        && f->end <= PyUnicode_GET_LENGTH(document)
        && PyUnicode_GET_LENGTH(f->text) == f->end - f->start) {
        /* Equal lengths: a match at the start of [start, end) is equality. */
        Py_ssize_t match = PyUnicode_Tailmatch(document, f->text, f->start, f->end, -1);
        if (match < 0) {
            return -1;
        }
        f->sound = (int)match;
    }
    return 0;
}

/* Python's sorted(spans, key=attrgetter("start", "end", "label")): offsets, then label, and
 * the order given for the rest (the index makes qsort stable). */
static int
in_offset_order(const void *a, const void *b)
{
    const SpanFields *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end < y->end ? -1 : 1;
    }
    int labels = PyUnicode_Compare(x->label, y->label); /* two str: cannot fail */
    if (labels) {
        return labels;
    }
    return (x->index > y->index) - (x->index < y->index);
}

/* One change a span edge made, as annotator.formats.alignment.split_tokens reports it. */
static PyObject *
new_event(Py_ssize_t span, const char *role, const char *what, Py_ssize_t at,
          Py_ssize_t token_start, Py_ssize_t token_end)
{
    return Py_BuildValue("(nssnnn)", span, role, what, at, token_start, token_end);
}

/* Adds (span index, (event, ...)) to `events` (made on first use) and releases `found`. */
static int
add_events(PyObject **events, Py_ssize_t span, PyObject **found, int count)
{
    PyObject *group = PyTuple_New(count);
    if (group == NULL) {
        for (int i = 0; i < count; i++) {
            Py_DECREF(found[i]);
        }
        return -1;
    }
    for (int i = 0; i < count; i++) {
        PyTuple_SET_ITEM(group, i, found[i]);
    }
    if (*events == NULL && (*events = PyList_New(0)) == NULL) {
        Py_DECREF(group);
        return -1;
    }
    PyObject *entry = Py_BuildValue("(nN)", span, group);
    if (entry == NULL) {
        return -1;
    }
    int failed = PyList_Append(*events, entry);
    Py_DECREF(entry);
    return failed;
}

/* The buffer's contents as bytes; the buffer is freed either way. */
static PyObject *
finish(Buffer *b)
{
    PyObject *out = PyBytes_FromStringAndSize(b->data, b->size);
    PyMem_Free(b->data);
    return out;
}

/* A str as a JSON string, escaped as orjson escapes it; -1 with ValueError on a lone
 * surrogate, which orjson refuses too. */
static int
put_string(Buffer *b, PyObject *s, Py_ssize_t from, Py_ssize_t to)
{
    if (PyUnicode_READY(s) < 0) {
        return -1;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (reserve(b, 2 + 6 * (to - from)) < 0) {
        return -1;
    }
    put(b, "\"", 1);
    for (Py_ssize_t k = from; k < to; k++) {
        if (put_char(b, PyUnicode_READ(kind, data, k)) < 0) {
            PyErr_Format(PyExc_ValueError,
                         "a string holds a lone surrogate at %zd, which UTF-8 cannot encode", k);
            return -1;
        }
    }
    put(b, "\"", 1);
    return 0;
}

/* Fixed text and up to three numbers of at most 20 digits. */
#define NUMBERS_ROOM 128

/* Writes item `i` of a JSON array (its comma is already written): 0 when written, -1 with an
 * exception set, 1 when the array cannot be written (the caller gets None). */
typedef int (*ItemWriter)(Buffer *b, Py_ssize_t i, const void *context);

/* A JSON array of `count` items as bytes, each written by `write`; None when an item says it
 * cannot be written; NULL with an exception set. */
static PyObject *
array_json(Py_ssize_t count, ItemWriter write, const void *context)
{
    Buffer b = {NULL, 0, 0};
    int written = reserve(&b, 2);
    if (written == 0) {
        put(&b, "[", 1);
    }
    for (Py_ssize_t i = 0; written == 0 && i < count; i++) {
        written = reserve(&b, 2);
        if (written == 0) {
            if (i) {
                put(&b, ",", 1);
            }
            written = write(&b, i, context);
        }
    }
    if (written == 0 && reserve(&b, 1) == 0) {
        put(&b, "]", 1);
        return finish(&b);
    }
    PyMem_Free(b.data);
    if (written > 0) {
        Py_RETURN_NONE;
    }
    return NULL;
}

typedef struct {
    const Tokens *tokens;
    PyObject *text;
} TokensContext;

/* One token as {"text","start","end","id","ws"}, byte for byte what orjson.dumps writes. */
static int
put_token(Buffer *b, Py_ssize_t i, const void *context)
{
    const TokensContext *c = context;
    const Tokens *t = c->tokens;
    if (reserve(b, NUMBERS_ROOM) < 0) {
        return -1;
    }
    put(b, "{\"text\":", 8);
    if (put_string(b, c->text, t->start[i], t->end[i]) < 0 || reserve(b, NUMBERS_ROOM) < 0) {
        return -1;
    }
    put(b, ",\"start\":", 9);
    put_number(b, t->start[i]);
    put(b, ",\"end\":", 7);
    put_number(b, t->end[i]);
    put(b, ",\"id\":", 6);
    put_number(b, i);
    if (t->ws[i]) {
        put(b, ",\"ws\":true}", 11);
    }
    else {
        put(b, ",\"ws\":false}", 12);
    }
    return 0;
}

/* The tokens as a JSON array of {"text","start","end","id","ws"} objects. */
static PyObject *
tokens_json(const Tokens *t, PyObject *text)
{
    TokensContext context = {t, text};
    return array_json(t->count, put_token, &context);
}

typedef struct {
    const SpanFields **spans;
    const Tokens *tokens;
} SpansContext;

/* A str field as a JSON string after `key` (`key_size` bytes). */
static int
put_field(Buffer *b, const char *key, Py_ssize_t key_size, PyObject *value)
{
    if (reserve(b, key_size) < 0) {
        return -1;
    }
    put(b, key, key_size);
    return put_string(b, value, 0, PyUnicode_GET_LENGTH(value));
}

/* One span as {"start","end","label","text","token_start","token_end"} (with "annotators" and
 * "source" when set, then "id"); 1 when it does not fall on token edges. */
static int
put_span(Buffer *b, Py_ssize_t s, const void *context)
{
    const SpansContext *c = context;
    const SpanFields *f = c->spans[s];
    const Tokens *t = c->tokens;
    Py_ssize_t first = bisect(t->start, t->count, f->start, 0);
    Py_ssize_t last = bisect(t->end, t->count, f->end, 0);
    if (first >= t->count || t->start[first] != f->start || last >= t->count
        || t->end[last] != f->end) {
        return 1;
    }
    if (reserve(b, NUMBERS_ROOM) < 0) {
        return -1;
    }
    put(b, "{\"start\":", 9);
    put_number(b, f->start);
    put(b, ",\"end\":", 7);
    put_number(b, f->end);
    if (put_field(b, ",\"label\":", 9, f->label) < 0
        || put_field(b, ",\"text\":", 8, f->text) < 0 || reserve(b, NUMBERS_ROOM) < 0) {
        return -1;
    }
    put(b, ",\"token_start\":", 15);
    put_number(b, first);
    put(b, ",\"token_end\":", 13);
    put_number(b, last);
    Py_ssize_t names = PyTuple_GET_SIZE(f->annotators);
    for (Py_ssize_t i = 0; i < names; i++) {
        if (put_field(b, i ? "," : ",\"annotators\":[", i ? 1 : 15,
                      PyTuple_GET_ITEM(f->annotators, i)) < 0) {
            return -1;
        }
    }
    if (names) {
        if (reserve(b, 1) < 0) {
            return -1;
        }
        put(b, "]", 1);
    }
    if (PyUnicode_GET_LENGTH(f->source) && put_field(b, ",\"source\":", 10, f->source) < 0) {
        return -1;
    }
    if (put_field(b, ",\"id\":", 6, f->id) < 0 || reserve(b, 1) < 0) {
        return -1;
    }
    put(b, "}", 1);
    return 0;
}

/* The spans as a JSON array, as annotator/formats/jsonl.py writes them; None when a span does
 * not fall on token edges (the cut tokens always give them edges, so this would be a fault for
 * the pure-Python path to settle). */
static PyObject *
spans_json(const SpanFields **spans, Py_ssize_t m, const Tokens *t)
{
    SpansContext context = {spans, t};
    return array_json(m, put_span, &context);
}

/* split_export(text, spans) -> (tokens_json, spans_json, events, rejected)
 *
 * The canonical jsonl's tokens and spans under --align split, for `spans` (a list of
 * annotator.annotations.model.Span): the sound ones (not stale, inside the text, their text the
 * document's) in offset order, as annotator.formats.common.exportable_spans picks them; tokens
 * are cut at every span edge inside one, and a space a span starts on, or ends just after,
 * becomes a token (as annotator.formats.alignment.split_tokens does). Returns tokens and spans
 * as JSON; the changes made, as (span index, events) pairs where each event is a (span
 * index, "starts"|"ends", "cut"|"space", offset, token start, token end) tuple against the
 * uncut tokens; and the indices of the spans left out, in offset order, for Python to
 * report; each None when empty. Indices are into `spans`. */
static PyObject *
split_export(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text, *spans;
    if (!PyArg_ParseTuple(args, "UO!:split_export", &text, &PyList_Type, &spans)) {
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
    /* A copy: reading a span's attributes runs Python code, which could change the list. */
    spans = PyList_AsTuple(spans);
    if (spans == NULL) {
        return NULL;
    }
    Py_ssize_t m = PyTuple_GET_SIZE(spans);
    Tokens t = {NULL, NULL, NULL, 0}, cut = {NULL, NULL, NULL, 0};
    SpanFields *fields = PyMem_Calloc(m ? m : 1, sizeof(SpanFields));
    const SpanFields **kept = PyMem_Malloc(sizeof(SpanFields *) * (m ? m : 1));
    Cut *cuts = PyMem_Malloc(sizeof(Cut) * 2 * (m ? m : 1));
    char *detached = NULL;
    PyObject *events = NULL, *rejected = NULL, *tokens = NULL, *out = NULL;
    Py_ssize_t nkept = 0, ncuts = 0, ndetached = 0;
    if (fields == NULL || kept == NULL || cuts == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t s = 0; s < m; s++) {
        fields[s].index = s;
        if (read_span(PyTuple_GET_ITEM(spans, s), text, &fields[s]) < 0) {
            goto done;
        }
    }
    qsort(fields, m, sizeof(SpanFields), in_offset_order);
    for (Py_ssize_t s = 0; s < m; s++) {
        if (fields[s].sound) {
            kept[nkept++] = &fields[s];
            continue;
        }
        if (rejected == NULL && (rejected = PyList_New(0)) == NULL) {
            goto done;
        }
        PyObject *index = PyLong_FromSsize_t(fields[s].index);
        if (index == NULL || PyList_Append(rejected, index) < 0) {
            Py_XDECREF(index);
            goto done;
        }
        Py_DECREF(index);
    }
    if (scan(text, &t) < 0) {
        goto done;
    }
    Py_ssize_t n = t.count;
    if ((detached = PyMem_Calloc(n ? n : 1, 1)) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t s = 0; s < nkept; s++) {
        Py_ssize_t index = kept[s]->index;
        PyObject *found[2];
        int nfound = 0;
        for (int role = 0; role < 2; role++) {
            Py_ssize_t edge = role ? kept[s]->end : kept[s]->start;
            const char *name = role ? "ends" : "starts";
            Py_ssize_t k = bisect(t.end, n, edge, 1); /* the first token ending after it */
            if (k < n && t.start[k] < edge) {
                cuts[ncuts].token = k;
                cuts[ncuts++].at = edge;
                found[nfound] = new_event(index, name, "cut", edge, t.start[k], t.end[k]);
                if (found[nfound++] == NULL) {
                    nfound--;
                    goto event_failed;
                }
                continue;
            }
            Py_ssize_t space;
            if (role == 0) {
                if (k < n && t.start[k] == edge) {
                    continue;
                }
                space = edge;
            }
            else {
                if (k && t.end[k - 1] == edge) {
                    continue;
                }
                space = edge - 1;
            }
            Py_ssize_t j = bisect(t.end, n, space, 0);
            if (j < n && t.end[j] == space && t.ws[j]) {
                ndetached += !detached[j];
                detached[j] = 1;
                found[nfound] = new_event(index, name, "space", space, t.start[j], t.end[j]);
                if (found[nfound++] == NULL) {
                    nfound--;
                    goto event_failed;
                }
            }
        }
        if (nfound && add_events(&events, index, found, nfound) < 0) {
            goto done;
        }
        continue;
    event_failed:
        for (int i = 0; i < nfound; i++) {
            Py_DECREF(found[i]);
        }
        goto done;
    }
    const Tokens *final = &t;
    if (ncuts || ndetached) {
        qsort(cuts, ncuts, sizeof(Cut), by_token_then_offset);
        if (tokens_alloc(&cut, n + ncuts + ndetached) < 0) {
            goto done;
        }
        Py_ssize_t c = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            Py_ssize_t start = t.start[k];
            for (; c < ncuts && cuts[c].token == k; c++) {
                if (cuts[c].at != start) { /* the same edge twice cuts once */
                    tokens_add(&cut, start, cuts[c].at, 0);
                    start = cuts[c].at;
                }
            }
            if (detached[k]) {
                tokens_add(&cut, start, t.end[k], 0);
                tokens_add(&cut, t.end[k], t.end[k] + 1, 0);
            }
            else {
                tokens_add(&cut, start, t.end[k], t.ws[k]);
            }
        }
        final = &cut;
    }
    PyObject *aligned;
    if ((tokens = tokens_json(final, text)) == NULL
        || (aligned = spans_json(kept, nkept, final)) == NULL) {
        goto done;
    }
    out = Py_BuildValue("(ONOO)", tokens, aligned, events ? events : Py_None,
                        rejected ? rejected : Py_None);

done:
    if (fields != NULL) {
        for (Py_ssize_t s = 0; s < m; s++) {
            span_fields_clear(&fields[s]);
        }
    }
    PyMem_Free(fields);
    PyMem_Free(kept);
    tokens_free(&t);
    tokens_free(&cut);
    PyMem_Free(cuts);
    PyMem_Free(detached);
    Py_XDECREF(events);
    Py_XDECREF(rejected);
    Py_XDECREF(tokens);
    Py_DECREF(spans);
    return out;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(marks, separators): the bitmap of mark code points and the number separators."},
    {"bounds", bounds, METH_O, "bounds(text) -> (starts, ends, ws) of the canonical tokens."},
    {"split_export", split_export, METH_VARARGS,
     "split_export(text, spans) -> (tokens_json, spans_json, events) under --align split."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "annotator._tokens",
    "The canonical export's tokens, compiled (see annotator/formats/tokens.py).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__tokens(void)
{
    for (int i = 0; i < FIELDS; i++) {
        if (field_keys[i] == NULL
            && (field_keys[i] = PyUnicode_InternFromString(field_names[i])) == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&module);
}
