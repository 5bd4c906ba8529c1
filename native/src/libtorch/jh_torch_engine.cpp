/*
 * A jharness engine (native/include/jharness_engine.h) that runs a TorchScript model in the
 * models/ contract with libtorch, on CUDA when present, and replays each decode step as a CUDA
 * graph captured per batch size.
 *
 * Why graphs: a small model's eager decode step is launch-bound (hundreds of small kernels, each
 * a few microseconds of host work), so the GPU waits for the host. A graph replays the whole step
 * with one launch. A graph has fixed shapes and fixed addresses, so
 *   - the session keeps static device buffers for a step's inputs (token ids and positions) and
 *     outputs (argmax token ids), and every graph reads and writes those;
 *   - one graph is captured per batch size in a set (powers of two below the session's max batch,
 *     and the max batch itself); a step of `count` rows runs the smallest captured size >= count,
 *     and the extra rows are padding (reported by jh_last_step_rows);
 *   - the model must not read anything back to the host inside forward: it has to be exported with
 *     scripts/export_model.py --static-span (attention over the whole cache, masked), or have the
 *     `static_span` attribute, which this engine turns on.
 * Padding rows write their K/V at the last cache position of their row: a sequence that owns that
 * row masks that position until it writes it itself, so padding never changes a real sequence.
 *
 * Configuration ("key=value;key=value"):
 *   model=PATH          the TorchScript file (required)
 *   device=cuda[:N]|cpu default cuda:0 when CUDA is usable, else cpu
 *   graphs=on|off       CUDA graphs for decode (default on for CUDA; always off on the CPU)
 *   graph-sizes=1,2,8   batch sizes to capture (default powers of two); the session's max batch is
 *                       always captured
 *   jit-optimize=on|off TorchScript's profiling executor and fusers (default off: the same kernels
 *                       as eager PyTorch, and nothing recompiles during a capture)
 *
 * Rows are slots (JH_FLAG_ROWS_ARE_SLOTS): row i of every step is cache row i, as the contract's
 * forward narrows the cache to the step's batch.
 */
#include "jharness_engine.h"

#include <torch/cuda.h>
#include <torch/script.h>
#include <torch/csrc/jit/runtime/graph_executor.h>

#ifdef JH_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

thread_local std::string last_error;

jh_status fail(jh_status status, const std::string &message) {
    last_error = message;
    return status;
}

/* The first line of a libtorch message (they carry C++ stack traces after it). */
std::string first_line(const char *what) {
    std::string s(what ? what : "");
    size_t nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

struct Config {
    std::string model;
    std::string device;
    std::optional<bool> graphs;
    std::vector<int> graph_sizes;
    bool jit_optimize = false;
};

bool parse_bool(const std::string &key, const std::string &value) {
    if (value == "on" || value == "true" || value == "1") {
        return true;
    }
    if (value == "off" || value == "false" || value == "0") {
        return false;
    }
    throw std::invalid_argument("config value " + key + "=" + value + ": expected on or off");
}

std::vector<int> parse_sizes(const std::string &value) {
    std::vector<int> sizes;
    std::stringstream in(value);
    std::string part;
    while (std::getline(in, part, ',')) {
        char *end = nullptr;
        long n = std::strtol(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0' || n < 1 || n > 4096) {
            throw std::invalid_argument("config value graph-sizes=" + value
                                        + ": expected batch sizes in [1, 4096] separated by commas");
        }
        sizes.push_back(static_cast<int>(n));
    }
    return sizes;
}

Config parse_config(const char *text) {
    Config c;
    std::stringstream in(text ? text : "");
    std::string entry;
    while (std::getline(in, entry, ';')) {
        if (entry.empty()) {
            continue;
        }
        size_t eq = entry.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw std::invalid_argument("config entry '" + entry + "' is not key=value");
        }
        std::string key = entry.substr(0, eq);
        std::string value = entry.substr(eq + 1);
        if (key == "model") {
            c.model = value;
        } else if (key == "device") {
            c.device = value;
        } else if (key == "graphs") {
            c.graphs = parse_bool(key, value);
        } else if (key == "graph-sizes") {
            c.graph_sizes = parse_sizes(value);
        } else if (key == "jit-optimize") {
            c.jit_optimize = parse_bool(key, value);
        } else {
            throw std::invalid_argument("unknown config key '" + key
                                        + "' (known: model, device, graphs, graph-sizes, jit-optimize)");
        }
    }
    if (c.model.empty()) {
        throw std::invalid_argument("config needs model=PATH (a TorchScript file in the models/ contract)");
    }
    return c;
}

std::string short_dtype(const std::string &name) {
    if (name == "float16") return "fp16";
    if (name == "bfloat16") return "bf16";
    if (name == "float32") return "fp32";
    return name;
}

torch::ScalarType scalar_type(const std::string &name) {
    if (name == "float16") return torch::kHalf;
    if (name == "bfloat16") return torch::kBFloat16;
    if (name == "float32") return torch::kFloat;
    throw std::invalid_argument("the model's dtype '" + name + "' is not float32, float16 or bfloat16");
}

void copy_field(char *dst, size_t size, const std::string &src) {
    std::strncpy(dst, src.c_str(), size - 1);
    dst[size - 1] = '\0';
}

}  // namespace

struct jh_engine {
    torch::jit::Module module;
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat;
    std::string dtype_name;
    std::string model_name;
    std::string device_desc;
    int vocab = 0;
    int layers = 0;
    int kv_heads = 0;
    int head_dim = 0;
    int max_seq = 0;
    bool graphs = false;
    std::vector<int> graph_sizes;
    jh_session *open = nullptr;
};

struct jh_session {
    jh_engine *engine = nullptr;
    int max_batch = 0;
    int max_seq = 0;
    torch::Tensor k_cache;
    torch::Tensor v_cache;
    std::vector<int32_t> next_pos;  // per slot: the position its next token goes to; -1 when free
    // A decode step's static buffers: inputs [2, max_batch] (token ids, positions) staged on the
    // host (pinned on CUDA) and copied in one transfer; last_index is all zeros (one token per row).
    torch::Tensor host_in;
    torch::Tensor dev_in;
    torch::Tensor last_index;
    torch::Tensor dev_out;
    torch::Tensor host_out;
    std::vector<int> sizes;  // captured batch sizes, ascending (empty: eager)
    int last_rows = -1;
#ifdef JH_WITH_CUDA
    std::optional<c10::cuda::CUDAStream> stream;
    std::map<int, std::unique_ptr<at::cuda::CUDAGraph>> graphs;
#endif
};

namespace {

/* Runs forward for the first `rows` rows of the static decode buffers and writes argmax ids. */
void decode_rows(jh_session *s, int rows) {
    auto ids = s->dev_in[0].narrow(0, 0, rows).view({rows, 1});
    auto pos = s->dev_in[1].narrow(0, 0, rows).view({rows, 1});
    auto last = s->last_index.narrow(0, 0, rows);
    auto logits = s->engine->module.forward({ids, pos, last, s->k_cache, s->v_cache}).toTensor();
    s->dev_out.narrow(0, 0, rows).copy_(logits.argmax(-1));
}

/* Stages ids and positions for `rows` rows: the first `count` are real, the rest padding. */
void stage_inputs(jh_session *s, int count, const int32_t *last_tokens, int rows) {
    int64_t *in = s->host_in.data_ptr<int64_t>();
    int64_t *ids = in;
    int64_t *pos = in + s->max_batch;
    for (int i = 0; i < rows; i++) {
        if (i < count) {
            ids[i] = last_tokens[i];
            pos[i] = s->next_pos[i];
        } else {
            ids[i] = 0;
            pos[i] = s->max_seq - 1;  // see the header comment: harmless for any row's owner
        }
    }
}

int padded_rows(const jh_session *s, int count) {
    for (int size : s->sizes) {
        if (size >= count) {
            return size;
        }
    }
    return count;
}

#ifdef JH_WITH_CUDA
void capture_graphs(jh_session *s) {
    // Largest first, all in one memory pool: graphs replay one at a time and keep no tensors
    // between replays (outputs go to dev_out), so they can share their scratch memory.
    auto pool = at::cuda::graph_pool_handle();
    for (auto it = s->sizes.rbegin(); it != s->sizes.rend(); ++it) {
        int rows = *it;
        stage_inputs(s, 0, nullptr, rows);
        s->dev_in.copy_(s->host_in, /*non_blocking=*/true);
        // Warm-up on the capture stream: cuBLAS workspaces and the allocator settle before capture.
        for (int i = 0; i < 3; i++) {
            decode_rows(s, rows);
        }
        s->stream->synchronize();
        auto graph = std::make_unique<at::cuda::CUDAGraph>();
        graph->capture_begin(pool);
        decode_rows(s, rows);
        graph->capture_end();
        s->graphs[rows] = std::move(graph);
    }
    s->stream->synchronize();
}
#endif

}  // namespace

extern "C" {

int32_t jh_abi_version(void) { return JH_ABI_VERSION; }

const char *jh_last_error(void) { return last_error.c_str(); }

jh_status jh_create(const char *config, jh_engine **out) {
    if (out == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: out is NULL");
    }
    *out = nullptr;
    Config c;
    try {
        c = parse_config(config);
    } catch (const std::invalid_argument &e) {
        return fail(JH_ERR_INVALID_ARGUMENT, std::string("jh_create: ") + e.what());
    }
    auto engine = std::make_unique<jh_engine>();
    try {
        c10::InferenceMode inference;
        bool cuda = torch::cuda::is_available();
        std::string device = c.device.empty() ? (cuda ? "cuda:0" : "cpu") : c.device;
        try {
            engine->device = torch::Device(device);
        } catch (const c10::Error &) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: device=" + device + ": expected cpu, cuda or cuda:N");
        }
        if (engine->device.is_cuda() && !cuda) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: device=" + device
                                                     + " but this libtorch sees no CUDA device (or was built without CUDA)");
        }
#ifndef JH_WITH_CUDA
        if (engine->device.is_cuda()) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: device=" + device
                                                     + " but this engine was built without CUDA (JH_WITH_CUDA)");
        }
#endif
        if (engine->device.is_cuda() && !engine->device.has_index()) {
            engine->device = torch::Device(torch::kCUDA, 0);
        }
        torch::jit::setGraphExecutorOptimize(c.jit_optimize);
        try {
            engine->module = torch::jit::load(c.model, engine->device);
        } catch (const c10::Error &e) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: cannot load model=" + c.model + ": " + first_line(e.what()));
        }
        engine->module.eval();
        std::map<std::string, std::string> meta;
        if (!engine->module.find_method("metadata")) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: " + c.model
                                                     + " has no metadata() method: not a models/ contract model "
                                                       "(export it with scripts/export_model.py)");
        }
        auto dict = engine->module.get_method("metadata")(std::vector<c10::IValue>{}).toGenericDict();
        for (const auto &kv : dict) {
            meta[kv.key().toStringRef()] = kv.value().toStringRef();
        }
        for (const char *key : {"dtype", "vocab_size", "num_layers", "num_kv_heads", "head_dim", "max_seq_len"}) {
            if (meta.find(key) == meta.end()) {
                return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: " + c.model + " metadata lacks '" + key + "'");
            }
        }
        engine->dtype_name = short_dtype(meta["dtype"]);
        engine->dtype = scalar_type(meta["dtype"]);
        engine->vocab = std::stoi(meta["vocab_size"]);
        engine->layers = std::stoi(meta["num_layers"]);
        engine->kv_heads = std::stoi(meta["num_kv_heads"]);
        engine->head_dim = std::stoi(meta["head_dim"]);
        engine->max_seq = std::stoi(meta["max_seq_len"]);
        std::string base = c.model.substr(c.model.find_last_of('/') + 1);
        engine->model_name = base;
        engine->graphs = engine->device.is_cuda() && c.graphs.value_or(true);
        if (c.graphs.value_or(false) && !engine->device.is_cuda()) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: graphs=on needs a CUDA device (device=" + device + ")");
        }
        if (engine->graphs) {
            if (!engine->module.hasattr("static_span")) {
                return fail(JH_ERR_INVALID_ARGUMENT, "jh_create: " + c.model
                                                         + " reads max(positions) back to the host in forward, so its "
                                                           "decode cannot be captured as a CUDA graph; re-export it with "
                                                           "scripts/export_model.py --static-span, or pass graphs=off");
            }
            engine->module.setattr("static_span", true);
        }
        engine->graph_sizes = c.graph_sizes;
        if (engine->device.is_cuda()) {
#ifdef JH_WITH_CUDA
            engine->device_desc = "cuda:" + std::to_string(engine->device.index()) + " ("
                                  + at::cuda::getDeviceProperties(engine->device.index())->name + ")";
#endif
        } else {
            engine->device_desc = "cpu";
        }
    } catch (const c10::OutOfMemoryError &e) {
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_create: " + first_line(e.what()));
    } catch (const std::exception &e) {
        return fail(JH_ERR_RUNTIME, "jh_create: " + first_line(e.what()));
    }
    *out = engine.release();
    return JH_OK;
}

jh_status jh_get_info(const jh_engine *engine, jh_info *out) {
    if (engine == nullptr || out == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_get_info: engine or out is NULL");
    }
    std::memset(out, 0, sizeof(*out));
    out->vocab_size = engine->vocab;
    out->max_batch = 4096;
    out->max_seq_len = engine->max_seq;
    out->flags = JH_FLAG_ROWS_ARE_SLOTS;
    copy_field(out->name, sizeof(out->name), engine->graphs ? "libtorch (cuda graphs)" : "libtorch (eager)");
    copy_field(out->model, sizeof(out->model), engine->model_name);
    copy_field(out->device, sizeof(out->device), engine->device_desc);
    copy_field(out->dtype, sizeof(out->dtype), engine->dtype_name);
    return JH_OK;
}

jh_status jh_open(jh_engine *engine, int32_t max_batch, int32_t max_seq_len, jh_session **out) {
    if (engine == nullptr || out == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: engine or out is NULL");
    }
    *out = nullptr;
    if (engine->open != nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: a session is open already; close it first");
    }
    if (max_batch < 1 || max_batch > 4096) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: max_batch " + std::to_string(max_batch) + " is outside [1, 4096]");
    }
    if (max_seq_len < 2 || max_seq_len > engine->max_seq) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_open: max_seq_len " + std::to_string(max_seq_len)
                                                 + " is outside [2, " + std::to_string(engine->max_seq)
                                                 + "] (the model's max_seq_len)");
    }
    auto s = std::make_unique<jh_session>();
    s->engine = engine;
    s->max_batch = max_batch;
    s->max_seq = max_seq_len;
    s->next_pos.assign(max_batch, -1);
    try {
        c10::InferenceMode inference;
#ifdef JH_WITH_CUDA
        std::optional<c10::cuda::CUDAStreamGuard> guard;
        if (engine->device.is_cuda()) {
            c10::cuda::CUDAGuard device_guard(engine->device.index());
            s->stream = c10::cuda::getStreamFromPool(/*isHighPriority=*/false, engine->device.index());
            guard.emplace(*s->stream);
        }
#endif
        auto on_device = torch::TensorOptions().device(engine->device);
        auto cache = std::vector<int64_t>{engine->layers, max_batch, engine->kv_heads, max_seq_len, engine->head_dim};
        s->k_cache = torch::zeros(cache, on_device.dtype(engine->dtype));
        s->v_cache = torch::zeros(cache, on_device.dtype(engine->dtype));
        bool pinned = engine->device.is_cuda();
        s->host_in = torch::zeros({2, max_batch}, torch::TensorOptions().dtype(torch::kLong).pinned_memory(pinned));
        s->dev_in = torch::zeros({2, max_batch}, on_device.dtype(torch::kLong));
        s->last_index = torch::zeros({max_batch}, on_device.dtype(torch::kLong));
        s->dev_out = torch::zeros({max_batch}, on_device.dtype(torch::kLong));
        s->host_out = torch::zeros({max_batch}, torch::TensorOptions().dtype(torch::kLong).pinned_memory(pinned));
#ifdef JH_WITH_CUDA
        if (engine->graphs) {
            std::vector<int> sizes = engine->graph_sizes;
            if (sizes.empty()) {
                for (int p = 1; p < max_batch; p *= 2) {
                    sizes.push_back(p);
                }
            }
            sizes.erase(std::remove_if(sizes.begin(), sizes.end(), [&](int n) { return n > max_batch; }), sizes.end());
            sizes.push_back(max_batch);
            std::sort(sizes.begin(), sizes.end());
            sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
            s->sizes = sizes;
            capture_graphs(s.get());
        }
#endif
    } catch (const c10::OutOfMemoryError &e) {
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_open: " + first_line(e.what()));
    } catch (const std::exception &e) {
        return fail(JH_ERR_RUNTIME, "jh_open: " + first_line(e.what()));
    }
    engine->open = s.get();
    *out = s.release();
    return JH_OK;
}

jh_status jh_prefill(jh_session *s, int32_t count, const int32_t *slots, const int32_t *prompt_offsets,
                     const int32_t *prompt_tokens, int32_t *first_tokens) {
    if (s == nullptr || slots == nullptr || prompt_offsets == nullptr || prompt_tokens == nullptr
        || first_tokens == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: a pointer argument is NULL");
    }
    if (count < 1 || count > s->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: count " + std::to_string(count) + " is outside [1, "
                                                 + std::to_string(s->max_batch) + "]");
    }
    if (prompt_offsets[0] != 0) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: prompt_offsets[0] must be 0");
    }
    int t = 0;
    for (int i = 0; i < count; i++) {
        int len = prompt_offsets[i + 1] - prompt_offsets[i];
        if (slots[i] != i) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: row " + std::to_string(i) + " asks for slot "
                                                     + std::to_string(slots[i]) + "; this engine's rows are its slots");
        }
        if (s->next_pos[i] >= 0) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: slot " + std::to_string(i)
                                                     + " holds a sequence; release it first");
        }
        if (len < 1 || len >= s->max_seq) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: prompt " + std::to_string(i) + " has "
                                                     + std::to_string(len) + " tokens; allowed: 1 to "
                                                     + std::to_string(s->max_seq - 1));
        }
        t = std::max(t, len);
    }
    for (int i = 0; i < prompt_offsets[count]; i++) {
        if (prompt_tokens[i] < 0 || prompt_tokens[i] >= s->engine->vocab) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_prefill: token id " + std::to_string(prompt_tokens[i])
                                                     + " is outside [0, " + std::to_string(s->engine->vocab) + ")");
        }
    }
    try {
        c10::InferenceMode inference;
#ifdef JH_WITH_CUDA
        std::optional<c10::cuda::CUDAStreamGuard> guard;
        if (s->stream) {
            guard.emplace(*s->stream);
        }
#endif
        // Right-padded: pad tokens sit past each prompt (causal attention keeps them out of the
        // prompt's own outputs) and decode overwrites their K/V.
        auto ids = torch::zeros({count, t}, torch::kLong);
        auto pos = torch::zeros({count, t}, torch::kLong);
        auto last = torch::zeros({count}, torch::kLong);
        auto ids_a = ids.accessor<int64_t, 2>();
        auto pos_a = pos.accessor<int64_t, 2>();
        auto last_a = last.accessor<int64_t, 1>();
        for (int i = 0; i < count; i++) {
            int len = prompt_offsets[i + 1] - prompt_offsets[i];
            for (int j = 0; j < t; j++) {
                ids_a[i][j] = j < len ? prompt_tokens[prompt_offsets[i] + j] : 0;
                pos_a[i][j] = j;
            }
            last_a[i] = len - 1;
        }
        auto device = s->engine->device;
        auto logits = s->engine->module
                          .forward({ids.to(device), pos.to(device), last.to(device), s->k_cache, s->v_cache})
                          .toTensor();
        auto tokens = logits.argmax(-1).to(torch::kCPU);
        auto tok = tokens.accessor<int64_t, 1>();
        for (int i = 0; i < count; i++) {
            first_tokens[i] = static_cast<int32_t>(tok[i]);
            s->next_pos[i] = prompt_offsets[i + 1] - prompt_offsets[i];
        }
        s->last_rows = count;
    } catch (const c10::OutOfMemoryError &e) {
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_prefill: " + first_line(e.what()));
    } catch (const std::exception &e) {
        return fail(JH_ERR_RUNTIME, "jh_prefill: " + first_line(e.what()));
    }
    return JH_OK;
}

jh_status jh_decode(jh_session *s, int32_t count, const int32_t *slots, const int32_t *last_tokens,
                    int32_t *next_tokens) {
    if (s == nullptr || slots == nullptr || last_tokens == nullptr || next_tokens == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: a pointer argument is NULL");
    }
    if (count < 1 || count > s->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: count " + std::to_string(count) + " is outside [1, "
                                                 + std::to_string(s->max_batch) + "]");
    }
    for (int i = 0; i < count; i++) {
        if (slots[i] != i) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: row " + std::to_string(i) + " asks for slot "
                                                     + std::to_string(slots[i]) + "; this engine's rows are its slots");
        }
        if (s->next_pos[i] < 0) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: slot " + std::to_string(i) + " holds no sequence");
        }
        if (s->next_pos[i] >= s->max_seq) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: slot " + std::to_string(i) + " is full ("
                                                     + std::to_string(s->max_seq) + " positions)");
        }
        if (last_tokens[i] < 0 || last_tokens[i] >= s->engine->vocab) {
            return fail(JH_ERR_INVALID_ARGUMENT, "jh_decode: token id " + std::to_string(last_tokens[i])
                                                     + " is outside [0, " + std::to_string(s->engine->vocab) + ")");
        }
    }
    try {
        c10::InferenceMode inference;
        int rows = padded_rows(s, count);
        stage_inputs(s, count, last_tokens, rows);
#ifdef JH_WITH_CUDA
        if (s->stream) {
            c10::cuda::CUDAStreamGuard guard(*s->stream);
            s->dev_in.copy_(s->host_in, /*non_blocking=*/true);
            auto graph = s->graphs.find(rows);
            if (graph != s->graphs.end()) {
                graph->second->replay();
            } else {
                decode_rows(s, rows);
            }
            s->host_out.narrow(0, 0, count).copy_(s->dev_out.narrow(0, 0, count), /*non_blocking=*/true);
            s->stream->synchronize();
        } else
#endif
        {
            s->dev_in.copy_(s->host_in);
            decode_rows(s, rows);
            s->host_out.narrow(0, 0, count).copy_(s->dev_out.narrow(0, 0, count));
        }
        const int64_t *tok = s->host_out.data_ptr<int64_t>();
        for (int i = 0; i < count; i++) {
            next_tokens[i] = static_cast<int32_t>(tok[i]);
            s->next_pos[i]++;
        }
        s->last_rows = rows;
    } catch (const c10::OutOfMemoryError &e) {
        return fail(JH_ERR_OUT_OF_MEMORY, "jh_decode: " + first_line(e.what()));
    } catch (const std::exception &e) {
        return fail(JH_ERR_RUNTIME, "jh_decode: " + first_line(e.what()));
    }
    return JH_OK;
}

jh_status jh_release(jh_session *s, int32_t slot) {
    if (s == nullptr) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_release: session is NULL");
    }
    if (slot < 0 || slot >= s->max_batch) {
        return fail(JH_ERR_INVALID_ARGUMENT, "jh_release: slot " + std::to_string(slot) + " is outside [0, "
                                                 + std::to_string(s->max_batch) + ")");
    }
    s->next_pos[slot] = -1;
    return JH_OK;
}

int32_t jh_last_step_rows(const jh_session *s) { return s == nullptr ? -1 : s->last_rows; }

void *jh_stream(const jh_session *s) {
#ifdef JH_WITH_CUDA
    if (s != nullptr && s->stream) {
        return s->stream->stream();
    }
#endif
    (void)s;
    return nullptr;
}

void jh_close(jh_session *s) {
    if (s == nullptr) {
        return;
    }
    try {
#ifdef JH_WITH_CUDA
        if (s->stream) {
            s->stream->synchronize();
        }
        s->graphs.clear();
#endif
    } catch (const std::exception &) {
        // Closing never fails; the memory goes back with the tensors below either way.
    }
    if (s->engine != nullptr && s->engine->open == s) {
        s->engine->open = nullptr;
    }
    delete s;
}

void jh_destroy(jh_engine *engine) {
    if (engine == nullptr) {
        return;
    }
    if (engine->open != nullptr) {
        jh_close(engine->open);
    }
    delete engine;
}

}  // extern "C"
