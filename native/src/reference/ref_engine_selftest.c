/*
 * Test driver for an engine library (not shipped): ReferenceEngineModelTest compiles it, and runs
 *
 *     ref_engine_selftest LIBRARY.so < script
 *
 * It dlopen()s the library as the harness does and runs the script, one command a line, printing
 * one line per command: "OK ..." or "ERR <status> <jh_last_error()>".
 *
 *   create CONFIG...        jh_create (the rest of the line, possibly empty, is the config string)
 *   info                    OK vocab max_batch max_seq_len flags|name|model|device|dtype
 *   abi                     OK jh_abi_version()
 *   open B S                jh_open; the driver keeps the session (a second one too, if it opens)
 *   prefill S:T,T,.. ...    one row per argument (slot:tokens; "S:" is an empty prompt); OK firsts
 *   prefill-raw N SLOTS OFFSETS TOKENS   comma lists ("-" for none) passed as they are
 *   decode S:T ...          OK nexts
 *   gen N S:T ...           N decode steps, each row fed its own last token; OK step-major tokens
 *   release S               jh_release
 *   stream                  OK null | OK non-null
 *   lasterror               OK jh_last_error()  (to see that a success clears it)
 *   thread-lasterror        OK jh_last_error() read on a fresh thread (thread-local: "")
 *   nulls                   OK the statuses of calls with NULL arguments
 *   close | destroy         jh_close, jh_destroy (OK)
 */
#define _POSIX_C_SOURCE 200809L

#include "jharness_engine.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t (*abi_version)(void);
static const char *(*last_error)(void);
static jh_status (*create)(const char *, jh_engine **);
static jh_status (*get_info)(const jh_engine *, jh_info *);
static jh_status (*open_session)(jh_engine *, int32_t, int32_t, jh_session **);
static jh_status (*prefill)(jh_session *, int32_t, const int32_t *, const int32_t *, const int32_t *, int32_t *);
static jh_status (*decode)(jh_session *, int32_t, const int32_t *, const int32_t *, int32_t *);
static jh_status (*release)(jh_session *, int32_t);
static void *(*stream)(const jh_session *);
static void (*close_session)(jh_session *);
static void (*destroy)(jh_engine *);

static void *sym(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p) {
        fprintf(stderr, "missing symbol %s\n", name);
        exit(2);
    }
    return p;
}

#define MAXN (1 << 20)
static int32_t slots[MAXN], offsets[MAXN + 1], tokens[MAXN], out[MAXN], last[MAXN];
static char line[1 << 24];

static jh_engine *engine;
static jh_session *session;

static void report(jh_status st) {
    if (st != JH_OK) {
        printf("ERR %d %s\n", (int)st, last_error());
    }
}

/* Parses "a,b,c" into dst; returns the count ("-" or "" is none). */
static int32_t parse_list(const char *s, int32_t *dst) {
    int32_t n = 0;
    if (strcmp(s, "-") == 0) {
        return 0;
    }
    while (*s) {
        char *end;
        dst[n++] = (int32_t)strtol(s, &end, 10);
        s = *end == ',' ? end + 1 : end;
        if (end == s && *s) {
            s++;
        }
    }
    return n;
}

/* Parses the rows "S:T,T S:T" of prefill/decode/gen into slots, offsets and tokens. */
static int32_t parse_rows(char *args) {
    int32_t count = 0, total = 0;
    offsets[0] = 0;
    for (char *tok = strtok(args, " "); tok; tok = strtok(NULL, " ")) {
        char *colon = strchr(tok, ':');
        *colon = '\0';
        slots[count] = atoi(tok);
        total += parse_list(colon + 1, tokens + total);
        offsets[++count] = total;
    }
    return count;
}

static void print_tokens(const int32_t *t, int32_t n) {
    printf("OK");
    for (int32_t i = 0; i < n; i++) {
        printf(" %d", (int)t[i]);
    }
    printf("\n");
}

static void *thread_main(void *arg) {
    (void)arg;
    return (void *)last_error();
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s LIBRARY.so < script\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 2;
    }
    abi_version = (int32_t (*)(void))sym(lib, "jh_abi_version");
    last_error = (const char *(*)(void))sym(lib, "jh_last_error");
    create = (jh_status (*)(const char *, jh_engine **))sym(lib, "jh_create");
    get_info = (jh_status (*)(const jh_engine *, jh_info *))sym(lib, "jh_get_info");
    open_session = (jh_status (*)(jh_engine *, int32_t, int32_t, jh_session **))sym(lib, "jh_open");
    prefill = (jh_status (*)(jh_session *, int32_t, const int32_t *, const int32_t *, const int32_t *,
                             int32_t *))sym(lib, "jh_prefill");
    decode = (jh_status (*)(jh_session *, int32_t, const int32_t *, const int32_t *, int32_t *))sym(lib, "jh_decode");
    release = (jh_status (*)(jh_session *, int32_t))sym(lib, "jh_release");
    stream = (void *(*)(const jh_session *))sym(lib, "jh_stream");
    close_session = (void (*)(jh_session *))sym(lib, "jh_close");
    destroy = (void (*)(jh_engine *))sym(lib, "jh_destroy");

    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *args = strchr(line, ' ');
        if (args) {
            *args++ = '\0';
        } else {
            args = line + strlen(line);
        }
        const char *cmd = line;
        jh_status st = JH_OK;
        if (strcmp(cmd, "create") == 0) {
            jh_engine *e = NULL;
            st = create(args, &e);
            if (st == JH_OK) {
                engine = e;
                printf("OK\n");
            }
        } else if (strcmp(cmd, "info") == 0) {
            jh_info info;
            st = get_info(engine, &info);
            if (st == JH_OK) {
                printf("OK %d %d %d %d|%s|%s|%s|%s\n", (int)info.vocab_size, (int)info.max_batch,
                       (int)info.max_seq_len, (int)info.flags, info.name, info.model, info.device, info.dtype);
            }
        } else if (strcmp(cmd, "abi") == 0) {
            printf("OK %d\n", (int)abi_version());
        } else if (strcmp(cmd, "open") == 0) {
            int b = 0, s = 0;
            sscanf(args, "%d %d", &b, &s);
            jh_session *sess = NULL;
            st = open_session(engine, b, s, &sess);
            if (st == JH_OK) {
                session = sess;
                printf("OK\n");
            }
        } else if (strcmp(cmd, "prefill") == 0) {
            int32_t n = parse_rows(args);
            st = prefill(session, n, slots, offsets, tokens, out);
            if (st == JH_OK) {
                print_tokens(out, n);
            }
        } else if (strcmp(cmd, "prefill-raw") == 0) {
            char a[4][1 << 16] = {{0}};
            sscanf(args, "%65535s %65535s %65535s %65535s", a[0], a[1], a[2], a[3]);
            int32_t n = atoi(a[0]);
            parse_list(a[1], slots);
            parse_list(a[2], offsets);
            parse_list(a[3], tokens);
            st = prefill(session, n, slots, offsets, tokens, out);
            if (st == JH_OK) {
                print_tokens(out, n);
            }
        } else if (strcmp(cmd, "decode") == 0 || strcmp(cmd, "gen") == 0) {
            int steps = 1;
            if (strcmp(cmd, "gen") == 0) {
                steps = atoi(args);
                args = strchr(args, ' ') ? strchr(args, ' ') + 1 : args + strlen(args);
            }
            int32_t n = parse_rows(args);
            static int32_t all[MAXN];
            int32_t done = 0;
            memcpy(last, tokens, (size_t)n * sizeof(int32_t));
            for (int t = 0; t < steps && st == JH_OK; t++) {
                st = decode(session, n, slots, last, out);
                if (st == JH_OK) {
                    memcpy(all + done, out, (size_t)n * sizeof(int32_t));
                    memcpy(last, out, (size_t)n * sizeof(int32_t));
                    done += n;
                }
            }
            if (st == JH_OK) {
                print_tokens(all, done);
            }
        } else if (strcmp(cmd, "release") == 0) {
            st = release(session, atoi(args));
            if (st == JH_OK) {
                printf("OK\n");
            }
        } else if (strcmp(cmd, "stream") == 0) {
            printf("OK %s\n", stream(session) ? "non-null" : "null");
        } else if (strcmp(cmd, "lasterror") == 0) {
            printf("OK %s\n", last_error());
        } else if (strcmp(cmd, "thread-lasterror") == 0) {
            pthread_t t;
            void *msg = NULL;
            pthread_create(&t, NULL, thread_main, NULL);
            pthread_join(t, &msg);
            printf("OK %s\n", msg ? (const char *)msg : "(NULL)");
        } else if (strcmp(cmd, "nulls") == 0) {
            jh_info info;
            jh_session *s = NULL;
            int32_t one = 0, offs[2] = {0, 1};
            printf("OK %d %d %d %d %d %d %d %d\n", (int)create("", NULL), (int)get_info(NULL, &info),
                   (int)get_info(engine, NULL), (int)open_session(NULL, 1, 2, &s), (int)open_session(engine, 1, 2, NULL),
                   (int)prefill(session, 1, &one, offs, NULL, out), (int)decode(session, 1, &one, &one, NULL),
                   (int)release(NULL, 0));
        } else if (strcmp(cmd, "close") == 0) {
            close_session(session);
            session = NULL;
            printf("OK\n");
        } else if (strcmp(cmd, "destroy") == 0) {
            destroy(engine);
            engine = NULL;
            printf("OK\n");
        } else if (cmd[0] == '\0' || cmd[0] == '#') {
            continue;
        } else {
            fprintf(stderr, "unknown command %s\n", cmd);
            return 2;
        }
        report(st);
        fflush(stdout);
    }
    return 0;
}
