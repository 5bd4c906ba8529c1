/*
 * jharness engine ABI, version 1.
 *
 * Any shared library that implements these functions can be benchmarked in-process by the
 * harness (`--engine native --native-lib PATH --native-config STRING`), bound through Java's
 * Foreign Function & Memory API: no JNI glue, no Python.
 *
 * Conventions
 * - Every function that can fail returns a jh_status; on failure jh_last_error() returns a
 *   message for the calling thread, valid until that thread's next call into the library.
 * - Buffers are owned by the caller and only read or written during the call.
 * - An engine holds a loaded model; a session holds a KV cache of max_batch slots of
 *   max_seq_len tokens. One session is open at a time per engine.
 * - Every step returns once its tokens are written to the caller's buffer (on the host).
 * - Token ids are int32 in [0, vocab_size).
 */
#ifndef JHARNESS_ENGINE_H
#define JHARNESS_ENGINE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JH_ABI_VERSION 1

typedef enum jh_status {
    JH_OK = 0,
    JH_ERR_INVALID_ARGUMENT = 1, /* the caller asked for something the engine cannot do */
    JH_ERR_OUT_OF_MEMORY = 2,    /* host or device memory ran out */
    JH_ERR_RUNTIME = 3           /* anything else that went wrong inside the engine */
} jh_status;

/* jh_info.flags */
#define JH_FLAG_ROWS_ARE_SLOTS 1 /* row i of every step must be slot i (static batches only) */

typedef struct jh_info {
    int32_t vocab_size;
    int32_t max_batch;
    int32_t max_seq_len;
    int32_t flags;
    char name[64];   /* NUL-terminated: the engine's name */
    char model[256]; /* NUL-terminated: the model it serves */
    char device[64]; /* NUL-terminated: e.g. "cpu", "cuda:0 (NVIDIA H100 80GB HBM3)" */
    char dtype[16];  /* NUL-terminated: e.g. "fp16", "int32" */
} jh_info;

typedef struct jh_engine jh_engine;
typedef struct jh_session jh_session;

/* The ABI version the library implements: JH_ABI_VERSION. The harness checks it first. */
int32_t jh_abi_version(void);

/* The calling thread's last error message, or "" when there is none. Never NULL. */
const char *jh_last_error(void);

/* Creates an engine from a configuration string: "key=value;key=value" (may be empty). */
jh_status jh_create(const char *config, jh_engine **out);

/* Describes the engine. */
jh_status jh_get_info(const jh_engine *engine, jh_info *out);

/* Allocates a KV cache of max_batch slots of max_seq_len tokens. */
jh_status jh_open(jh_engine *engine, int32_t max_batch, int32_t max_seq_len, jh_session **out);

/*
 * Runs `count` prompts into free slots and writes each one's first generated token.
 * Prompt i is prompt_tokens[prompt_offsets[i] .. prompt_offsets[i + 1]); prompt_offsets has
 * count + 1 entries, starting at 0.
 */
jh_status jh_prefill(jh_session *session, int32_t count, const int32_t *slots, const int32_t *prompt_offsets,
                     const int32_t *prompt_tokens, int32_t *first_tokens);

/* One generation step for `count` active slots: reads each one's last token, writes its next. */
jh_status jh_decode(jh_session *session, int32_t count, const int32_t *slots, const int32_t *last_tokens,
                    int32_t *next_tokens);

/* Frees a slot for a new sequence. */
jh_status jh_release(jh_session *session, int32_t slot);

/* The CUDA stream the session's work runs on (a cudaStream_t), or NULL on the CPU. The harness
 * records its timing events on it. */
void *jh_stream(const jh_session *session);

/* The rows the session's last step really ran: the step's count, or more when the engine pads
 * a step up to a size it prepared (e.g. a CUDA graph captured for that batch size); -1 before any
 * step. The harness reports it per step kind. */
int32_t jh_last_step_rows(const jh_session *session);

/* Frees the KV cache. */
void jh_close(jh_session *session);

/* Frees the engine. */
void jh_destroy(jh_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* JHARNESS_ENGINE_H */
