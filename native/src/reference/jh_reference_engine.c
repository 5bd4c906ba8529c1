/*
 * jharness C reference engine: the whole engine ABI (jharness_engine.h), on the CPU, in C11 with
 * libc only.
 *
 * It runs a tiny decoder-like model in integer arithmetic: an embedding, `layers` attention layers
 * over a per-slot KV cache, and an output projection whose argmax is the next token. The weights
 * come from a 32-bit xorshift generator seeded by `seed`, so every token depends on the seed, on
 * the sequence's tokens and on its KV cache, and nothing depends on the batch around it. All
 * wrapping arithmetic is done on uint32_t, so the results are defined bit for bit and a Java
 * reimplementation (Java's int wraps the same way) matches them exactly.
 *
 * The model, for a token t at position p of a sequence (H = hidden, V = vocab; see step()):
 *   x[i]  = E[t][i] + P(p, i)                              embedding plus a position term,
 *           P(p, i) = ((p * 0x9E3779B1 + i * 0x85EBCA77) >> 25) - 64 in [-64, 63] (uint32 math)
 *   each layer l:
 *     q[i]  = (sum_j Wq[l][i][j] * x[j]) >> 4               (wrapping sum, arithmetic shift)
 *     k[i]  = (sum_j Wk[l][i][j] * x[j]) >> 4               v = k: one cache holds both
 *     K[l][p] = k
 *     s_j   = 1 << (((q . K[l][j]) >> 8) & 7), j = 0..p     score in {1, 2, .., 128} (wrapping dot)
 *     a[i]  = (sum_j s_j * K[l][j][i]) / (sum_j s_j)        C/Java division: toward zero
 *     x[i]  = x[i] + a[i] (wrapping), then x[i] >>= n, the least n >= 0 with (max|x|) >> n <= 127
 *   logit[v] = sum_i Wout[v][i] * x[i]                      (wrapping)
 *   next token = argmax_v logit[v], the lowest v on ties
 * README.md spells out every constant; ReferenceEngineModel.java (test code) is the Java twin.
 */
#include "jharness_engine.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* errors                                                                                       */
/* ------------------------------------------------------------------------------------------ */

static _Thread_local char last_error[512];

const char *jh_last_error(void) {
    return last_error;
}

/* Records a message for the calling thread and returns `status`. */
static jh_status fail(jh_status status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, args);
    va_end(args);
    return status;
}

/* Every function that returns a status starts here: a successful call leaves no message. */
static void clear_error(void) {
    last_error[0] = '\0';
}

int32_t jh_abi_version(void) {
    return JH_ABI_VERSION;
}

/* ------------------------------------------------------------------------------------------ */
/* defined integer arithmetic                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* The int32 whose two's-complement bits are u (what a cast does on gcc, without relying on it). */
static inline int32_t s32(uint32_t u) {
    return u <= 0x7fffffffu ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7fffffff - 1;
}

/* Arithmetic shift right (floor(v / 2^n)), Java's `>>`, without C's implementation-defined >>. */
static inline int32_t sra(int32_t v, unsigned n) {
    return v >= 0 ? (int32_t)((uint32_t)v >> n) : -1 - (int32_t)((uint32_t)(-1 - v) >> n);
}

/* Marsaglia's xorshift32 (13, 17, 5): advances the state and returns it. */
static inline uint32_t xorshift32(uint32_t *state) {
    uint32_t s = *state;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return *state = s;
}

/* Checked size_t product, for allocation sizes: 0 when it overflows. */
static size_t mul_size(size_t a, size_t b) {
    return (b != 0 && a > SIZE_MAX / b) ? 0 : a * b;
}

/* ------------------------------------------------------------------------------------------ */
/* engine and session                                                                           */
/* ------------------------------------------------------------------------------------------ */

struct jh_engine {
    int32_t vocab, hidden, layers, max_batch, max_seq_len;
    uint32_t seed;
    int32_t *embed; /* [vocab][hidden], in [-128, 127] */
    int32_t *wq;    /* [layers][hidden][hidden]: row i is output i; in [-8, 7] */
    int32_t *wk;    /* [layers][hidden][hidden], in [-8, 7] */
    int32_t *wout;  /* [vocab][hidden], in [-8, 7] */
    jh_session *session; /* the open session, or NULL */
};

struct jh_session {
    jh_engine *engine;
    int32_t max_batch, max_seq_len;
    int32_t *len;     /* [max_batch]: positions cached for the slot's sequence; -1 when free */
    int32_t *kv;      /* [max_batch][layers][max_seq_len][hidden]: k (= v) per position */
    int32_t *x, *q;   /* [hidden] scratch */
    uint32_t *acc;    /* [hidden] scratch */
    uint8_t *mark;    /* [max_batch] scratch: slots seen in the current step */
    int32_t last_rows; /* rows the last step ran (never padded here); -1 before any */
};

/* ------------------------------------------------------------------------------------------ */
/* configuration                                                                                */
/* ------------------------------------------------------------------------------------------ */

typedef struct config_key {
    const char *name;
    uint32_t min, max, fallback;
} config_key;

enum { KEY_VOCAB, KEY_HIDDEN, KEY_MAX_BATCH, KEY_MAX_SEQ_LEN, KEY_SEED, KEY_LAYERS, KEY_COUNT };

static const config_key KEYS[KEY_COUNT] = {
    [KEY_VOCAB] = {"vocab", 2, 1u << 20, 512},
    [KEY_HIDDEN] = {"hidden", 1, 4096, 32},
    [KEY_MAX_BATCH] = {"max-batch", 1, 1u << 16, 256},
    [KEY_MAX_SEQ_LEN] = {"max-seq-len", 2, 1u << 20, 4096},
    [KEY_SEED] = {"seed", 0, UINT32_MAX, 1},
    [KEY_LAYERS] = {"layers", 1, 64, 2},
};

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parses "key=value;key=value" (entries may be empty; spaces around keys and values are ignored). */
static jh_status parse_config(const char *config, uint32_t values[KEY_COUNT]) {
    int seen[KEY_COUNT] = {0};
    for (int k = 0; k < KEY_COUNT; k++) {
        values[k] = KEYS[k].fallback;
    }
    const char *p = config ? config : "";
    while (*p) {
        const char *end = strchr(p, ';');
        if (!end) {
            end = p + strlen(p);
        }
        const char *a = p, *b = end;
        while (a < b && is_space(*a)) a++;
        while (b > a && is_space(b[-1])) b--;
        p = *end ? end + 1 : end;
        if (a == b) {
            continue; /* an empty entry, e.g. after a trailing ';' */
        }
        const char *eq = memchr(a, '=', (size_t)(b - a));
        if (!eq) {
            return fail(JH_ERR_INVALID_ARGUMENT, "config entry '%.*s' is not key=value", (int)(b - a), a);
        }
        const char *ke = eq, *vs = eq + 1;
        while (ke > a && is_space(ke[-1])) ke--;
        while (vs < b && is_space(*vs)) vs++;
        int key = -1;
        for (int k = 0; k < KEY_COUNT; k++) {
            if (strlen(KEYS[k].name) == (size_t)(ke - a) && memcmp(KEYS[k].name, a, (size_t)(ke - a)) == 0) {
                key = k;
            }
        }
        if (key < 0) {
            return fail(JH_ERR_INVALID_ARGUMENT,
                        "unknown config key '%.*s' (known: vocab, hidden, layers, max-batch, max-seq-len, seed)",
                        (int)(ke - a), a);
        }
        if (seen[key]++) {
            return fail(JH_ERR_INVALID_ARGUMENT, "config key '%s' is given twice", KEYS[key].name);
        }
        uint64_t v = 0;
        int ok = vs < b;
        for (const char *c = vs; ok && c < b; c++) {
            ok = *c >= '0' && *c <= '9';
            v = v * 10 + (uint64_t)(*c - '0');
            ok = ok && v <= KEYS[key].max;
        }
        if (!ok || v < KEYS[key].min) {
            return fail(JH_ERR_INVALID_ARGUMENT, "config value %s=%.*s: expected an integer in [%lu, %lu]",
                        KEYS[key].name, (int)(b - vs), vs, (unsigned long)KEYS[key].min,
                        (unsigned long)KEYS[key].max);
        }
        values[key] = (uint32_t)v;
    }
    return JH_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* create, info, destroy                                                                        */
/* ------------------------------------------------------------------------------------------ */

jh_status jh_create(const char *config, jh_engine **out) {
    clear_error();
    if (!out) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: out is NULL");
    }
    *out = NULL;
    uint32_t v[KEY_COUNT];
    jh_status st = parse_config(config, v);
    if (st != JH_OK) {
        return st;
    }
    jh_engine *e = calloc(1, sizeof *e);
    if (!e) {
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_create: no memory for the engine");
    }
    e->vocab = (int32_t)v[KEY_VOCAB];
    e->hidden = (int32_t)v[KEY_HIDDEN];
    e->layers = (int32_t)v[KEY_LAYERS];
    e->max_batch = (int32_t)v[KEY_MAX_BATCH];
    e->max_seq_len = (int32_t)v[KEY_MAX_SEQ_LEN];
    e->seed = v[KEY_SEED];

    size_t vh = mul_size((size_t)e->vocab, (size_t)e->hidden);
    size_t lhh = mul_size(mul_size((size_t)e->layers, (size_t)e->hidden), (size_t)e->hidden);
    e->embed = malloc(mul_size(vh, sizeof(int32_t)));
    e->wq = malloc(mul_size(lhh, sizeof(int32_t)));
    e->wk = malloc(mul_size(lhh, sizeof(int32_t)));
    e->wout = malloc(mul_size(vh, sizeof(int32_t)));
    if (!e->embed || !e->wq || !e->wk || !e->wout) {
        jh_destroy(e);
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_create: no memory for the weights (vocab=%d, hidden=%d, layers=%d)",
                    (int)v[KEY_VOCAB], (int)v[KEY_HIDDEN], (int)v[KEY_LAYERS]);
    }

    /* The weights, in this order, each from the next xorshift32 output r: the embedding
     * (r >> 24) - 128, then per layer Wq and Wk, then Wout, each (r >> 28) - 8. The state starts
     * at seed * 0x9E3779B1 + 0x7F4A7C15 (mod 2^32), or 1 where that is 0. */
    uint32_t state = e->seed * 0x9E3779B1u + 0x7F4A7C15u;
    if (state == 0) {
        state = 1;
    }
    for (size_t i = 0; i < vh; i++) {
        e->embed[i] = (int32_t)(xorshift32(&state) >> 24) - 128;
    }
    size_t hh = (size_t)e->hidden * (size_t)e->hidden;
    for (int32_t l = 0; l < e->layers; l++) {
        for (size_t i = 0; i < hh; i++) {
            e->wq[(size_t)l * hh + i] = (int32_t)(xorshift32(&state) >> 28) - 8;
        }
        for (size_t i = 0; i < hh; i++) {
            e->wk[(size_t)l * hh + i] = (int32_t)(xorshift32(&state) >> 28) - 8;
        }
    }
    for (size_t i = 0; i < vh; i++) {
        e->wout[i] = (int32_t)(xorshift32(&state) >> 28) - 8;
    }
    *out = e;
    return JH_OK;
}

jh_status jh_get_info(const jh_engine *engine, jh_info *out) {
    clear_error();
    if (!engine || !out) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_get_info: %s is NULL", engine ? "out" : "engine");
    }
    memset(out, 0, sizeof *out);
    out->vocab_size = engine->vocab;
    out->max_batch = engine->max_batch;
    out->max_seq_len = engine->max_seq_len;
    out->flags = 0;
    snprintf(out->name, sizeof out->name, "c-reference");
    snprintf(out->model, sizeof out->model, "reference (seed=%lu, layers=%d, hidden=%d)",
             (unsigned long)engine->seed, (int)engine->layers, (int)engine->hidden);
    snprintf(out->device, sizeof out->device, "cpu");
    snprintf(out->dtype, sizeof out->dtype, "int32");
    return JH_OK;
}

void jh_destroy(jh_engine *engine) {
    if (!engine) {
        return;
    }
    /* The caller should have closed its session; one left open dies with its engine. */
    jh_close(engine->session);
    free(engine->embed);
    free(engine->wq);
    free(engine->wk);
    free(engine->wout);
    free(engine);
}

/* ------------------------------------------------------------------------------------------ */
/* open, close, release, stream                                                                 */
/* ------------------------------------------------------------------------------------------ */

jh_status jh_open(jh_engine *engine, int32_t max_batch, int32_t max_seq_len, jh_session **out) {
    clear_error();
    if (!engine || !out) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: %s is NULL", engine ? "out" : "engine");
    }
    *out = NULL;
    if (engine->session) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: a session is already open on this engine; close it first");
    }
    if (max_batch < 1 || max_batch > engine->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: max_batch %d is outside [1, %d] (config max-batch)",
                    (int)max_batch, (int)engine->max_batch);
    }
    if (max_seq_len < 2 || max_seq_len > engine->max_seq_len) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: max_seq_len %d is outside [2, %d] (config max-seq-len)",
                    (int)max_seq_len, (int)engine->max_seq_len);
    }
    jh_session *s = calloc(1, sizeof *s);
    size_t kv = mul_size(mul_size(mul_size((size_t)max_batch, (size_t)engine->layers), (size_t)max_seq_len),
                         mul_size((size_t)engine->hidden, sizeof(int32_t)));
    if (s) {
        s->engine = engine;
        s->max_batch = max_batch;
        s->max_seq_len = max_seq_len;
        s->len = malloc((size_t)max_batch * sizeof(int32_t));
        s->kv = kv ? malloc(kv) : NULL; /* positions are written before they are read */
        s->x = malloc((size_t)engine->hidden * sizeof(int32_t));
        s->q = malloc((size_t)engine->hidden * sizeof(int32_t));
        s->acc = malloc((size_t)engine->hidden * sizeof(uint32_t));
        s->mark = calloc((size_t)max_batch, 1);
    }
    if (!s || !s->len || !s->kv || !s->x || !s->q || !s->acc || !s->mark) {
        jh_close(s); /* frees what was allocated (free(NULL) does nothing) */
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_open: no memory for a KV cache of %d slots x %d positions "
                    "x %d layers x %d int32", (int)max_batch, (int)max_seq_len, (int)engine->layers,
                    (int)engine->hidden);
    }
    for (int32_t i = 0; i < max_batch; i++) {
        s->len[i] = -1;
    }
    s->last_rows = -1;
    engine->session = s;
    *out = s;
    return JH_OK;
}

void jh_close(jh_session *session) {
    if (!session) {
        return;
    }
    if (session->engine && session->engine->session == session) {
        session->engine->session = NULL;
    }
    free(session->len);
    free(session->kv);
    free(session->x);
    free(session->q);
    free(session->acc);
    free(session->mark);
    free(session);
}

jh_status jh_release(jh_session *session, int32_t slot) {
    clear_error();
    if (!session) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_release: session is NULL");
    }
    if (slot < 0 || slot >= session->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_release: slot %d is outside [0, %d)", (int)slot,
                    (int)session->max_batch);
    }
    session->len[slot] = -1; /* releasing a free slot is allowed and does nothing */
    return JH_OK;
}

int32_t jh_last_step_rows(const jh_session *session) {
    return session ? session->last_rows : -1; /* no padding: the step's own count */
}

void *jh_stream(const jh_session *session) {
    (void)session;
    return NULL; /* CPU only: the harness times with the host clock */
}

/* ------------------------------------------------------------------------------------------ */
/* the model                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/*
 * Runs `token` at position `pos` of `slot` (which caches positions 0 .. pos-1): writes K/V for
 * `pos` in every layer. With `want_token`, returns the next token; otherwise -1 (prompt tokens
 * before the last skip the output projection, which changes nothing else).
 */
static int32_t step(jh_session *s, int32_t slot, int32_t pos, int32_t token, int want_token) {
    const jh_engine *e = s->engine;
    const int32_t H = e->hidden;
    const size_t hh = (size_t)H * (size_t)H;
    int32_t *x = s->x, *q = s->q;
    uint32_t *acc = s->acc;

    /* Embedding plus a position term in [-64, 63]. */
    const int32_t *emb = e->embed + (size_t)token * (size_t)H;
    for (int32_t i = 0; i < H; i++) {
        uint32_t h = (uint32_t)pos * 0x9E3779B1u + (uint32_t)i * 0x85EBCA77u;
        x[i] = emb[i] + (int32_t)(h >> 25) - 64;
    }

    for (int32_t l = 0; l < e->layers; l++) {
        const int32_t *wq = e->wq + (size_t)l * hh;
        const int32_t *wk = e->wk + (size_t)l * hh;
        /* This layer's cache: [max_seq_len][hidden]. */
        int32_t *cache = s->kv + ((size_t)slot * (size_t)e->layers + (size_t)l) * (size_t)s->max_seq_len * (size_t)H;
        int32_t *k = cache + (size_t)pos * (size_t)H;

        /* q = Wq.x >> 4, k = v = Wk.x >> 4 (sums wrap mod 2^32, then arithmetic shift). */
        for (int32_t i = 0; i < H; i++) {
            uint32_t sq = 0, sk = 0;
            for (int32_t j = 0; j < H; j++) {
                sq += (uint32_t)wq[(size_t)i * (size_t)H + (size_t)j] * (uint32_t)x[j];
                sk += (uint32_t)wk[(size_t)i * (size_t)H + (size_t)j] * (uint32_t)x[j];
            }
            q[i] = sra(s32(sq), 4);
            k[i] = sra(s32(sk), 4);
        }

        /* Attention over positions 0..pos (this one included): score 2^b, b = bits 8..10 of the
         * wrapping dot product q.k_j (a peaked weight, like softmax's); output = the score-weighted
         * mean of v_j = k_j. */
        for (int32_t i = 0; i < H; i++) {
            acc[i] = 0;
        }
        int32_t total = 0; /* at most 128 * max_seq_len <= 2^27 */
        for (int32_t j = 0; j <= pos; j++) {
            const int32_t *kj = cache + (size_t)j * (size_t)H;
            uint32_t dot = 0;
            for (int32_t i = 0; i < H; i++) {
                dot += (uint32_t)q[i] * (uint32_t)kj[i];
            }
            uint32_t score = 1u << ((dot >> 8) & 7u);
            total += (int32_t)score;
            for (int32_t i = 0; i < H; i++) {
                acc[i] += score * (uint32_t)kj[i];
            }
        }

        /* Residual, then normalise: shift right until max |x| <= 127. */
        uint32_t max_abs = 0;
        for (int32_t i = 0; i < H; i++) {
            x[i] = s32((uint32_t)x[i] + (uint32_t)(s32(acc[i]) / total));
            uint32_t a = x[i] < 0 ? 0u - (uint32_t)x[i] : (uint32_t)x[i];
            if (a > max_abs) {
                max_abs = a;
            }
        }
        unsigned shift = 0;
        while ((max_abs >> shift) > 127u) {
            shift++;
        }
        for (int32_t i = 0; i < H; i++) {
            x[i] = sra(x[i], shift);
        }
    }

    if (!want_token) {
        return -1;
    }
    /* logits = Wout.x (wrapping); the argmax, lowest index on ties. */
    int32_t best = 0, best_logit = 0;
    for (int32_t v = 0; v < e->vocab; v++) {
        const int32_t *w = e->wout + (size_t)v * (size_t)H;
        uint32_t sum = 0;
        for (int32_t i = 0; i < H; i++) {
            sum += (uint32_t)w[i] * (uint32_t)x[i];
        }
        int32_t logit = s32(sum);
        if (v == 0 || logit > best_logit) {
            best = v;
            best_logit = logit;
        }
    }
    return best;
}

/* ------------------------------------------------------------------------------------------ */
/* prefill, decode                                                                              */
/* ------------------------------------------------------------------------------------------ */

/* Checks a step's count and slots; marks the slots in s->mark (the caller clears them). */
static jh_status check_slots(jh_session *s, const char *fn, int32_t count, const int32_t *slots) {
    for (int32_t i = 0; i < count; i++) {
        int32_t slot = slots[i];
        if (slot < 0 || slot >= s->max_batch) {
            return fail(JH_ERR_INVALID_ARGUMENT, "%s: row %d: slot %d is outside [0, %d)", fn, (int)i, (int)slot,
                        (int)s->max_batch);
        }
        if (s->mark[slot]) {
            return fail(JH_ERR_INVALID_ARGUMENT, "%s: row %d: slot %d appears twice in one step", fn, (int)i,
                        (int)slot);
        }
        s->mark[slot] = 1;
    }
    return JH_OK;
}

static void clear_marks(jh_session *s, int32_t count, const int32_t *slots) {
    for (int32_t i = 0; i < count; i++) {
        if (slots[i] >= 0 && slots[i] < s->max_batch) {
            s->mark[slots[i]] = 0;
        }
    }
}

static jh_status check_token(const jh_session *s, const char *fn, const char *what, int32_t row, int32_t token) {
    if (token < 0 || token >= s->engine->vocab) {
        return fail(JH_ERR_INVALID_ARGUMENT, "%s: row %d: %s %d is outside the vocabulary [0, %d)", fn, (int)row,
                    what, (int)token, (int)s->engine->vocab);
    }
    return JH_OK;
}

/* Everything a prefill needs, checked before anything changes (a rejected step changes nothing). */
static jh_status check_prefill(jh_session *s, int32_t count, const int32_t *slots, const int32_t *offsets,
                               const int32_t *tokens) {
    jh_status st = check_slots(s, "jh_prefill", count, slots);
    if (st != JH_OK) {
        return st;
    }
    if (offsets[0] != 0) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: prompt_offsets[0] is %d, not 0", (int)offsets[0]);
    }
    for (int32_t i = 0; i < count; i++) {
        int32_t slot = slots[i];
        if (s->len[slot] >= 0) {
            return fail(JH_ERR_INVALID_ARGUMENT,
                        "jh_prefill: row %d: slot %d holds a sequence (%d positions); release it first", (int)i,
                        (int)slot, (int)s->len[slot]);
        }
        int64_t n = (int64_t)offsets[i + 1] - (int64_t)offsets[i];
        if (n < 0) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: row %d: prompt_offsets decrease (%d, then %d)", (int)i,
                        (int)offsets[i], (int)offsets[i + 1]);
        }
        if (n == 0) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: row %d: the prompt is empty", (int)i);
        }
        if (n >= s->max_seq_len) {
            return fail(JH_ERR_INVALID_ARGUMENT,
                        "jh_prefill: row %d: a prompt of %lld tokens leaves no room to generate in slots of %d "
                        "positions (at most %d prompt tokens)",
                        (int)i, (long long)n, (int)s->max_seq_len, (int)s->max_seq_len - 1);
        }
        for (int32_t p = offsets[i]; p < offsets[i + 1]; p++) {
            st = check_token(s, "jh_prefill", "prompt token", i, tokens[p]);
            if (st != JH_OK) {
                return st;
            }
        }
    }
    return JH_OK;
}

static jh_status check_count(const jh_session *s, const char *fn, int32_t count) {
    if (count < 1 || count > s->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "%s: count %d is outside [1, %d] (the session's max_batch)", fn,
                    (int)count, (int)s->max_batch);
    }
    return JH_OK;
}

jh_status jh_prefill(jh_session *session, int32_t count, const int32_t *slots, const int32_t *prompt_offsets,
                     const int32_t *prompt_tokens, int32_t *first_tokens) {
    clear_error();
    if (!session || !slots || !prompt_offsets || !prompt_tokens || !first_tokens) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: a pointer argument is NULL");
    }
    jh_status st = check_count(session, "jh_prefill", count);
    if (st != JH_OK) {
        return st;
    }
    st = check_prefill(session, count, slots, prompt_offsets, prompt_tokens);
    clear_marks(session, count, slots);
    if (st != JH_OK) {
        return st;
    }
    for (int32_t i = 0; i < count; i++) {
        int32_t slot = slots[i];
        int32_t start = prompt_offsets[i], n = prompt_offsets[i + 1] - start;
        int32_t next = -1;
        for (int32_t p = 0; p < n; p++) {
            next = step(session, slot, p, prompt_tokens[start + p], p == n - 1);
        }
        session->len[slot] = n;
        first_tokens[i] = next;
    }
    session->last_rows = count;
    return JH_OK;
}

jh_status jh_decode(jh_session *session, int32_t count, const int32_t *slots, const int32_t *last_tokens,
                    int32_t *next_tokens) {
    clear_error();
    if (!session || !slots || !last_tokens || !next_tokens) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: a pointer argument is NULL");
    }
    jh_status st = check_count(session, "jh_decode", count);
    if (st != JH_OK) {
        return st;
    }
    st = check_slots(session, "jh_decode", count, slots);
    for (int32_t i = 0; st == JH_OK && i < count; i++) {
        int32_t len = session->len[slots[i]];
        if (len < 0) {
            st = fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: row %d: slot %d holds no sequence", (int)i, (int)slots[i]);
        } else if (len >= session->max_seq_len) {
            st = fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: row %d: slot %d is full (all %d positions used)", (int)i,
                      (int)slots[i], (int)session->max_seq_len);
        } else {
            st = check_token(session, "jh_decode", "last token", i, last_tokens[i]);
        }
    }
    clear_marks(session, count, slots);
    if (st != JH_OK) {
        return st;
    }
    for (int32_t i = 0; i < count; i++) {
        int32_t slot = slots[i];
        next_tokens[i] = step(session, slot, session->len[slot], last_tokens[i], 1);
        session->len[slot]++;
    }
    session->last_rows = count;
    return JH_OK;
}
