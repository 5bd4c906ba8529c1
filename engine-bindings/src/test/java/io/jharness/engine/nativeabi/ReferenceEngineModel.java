package io.jharness.engine.nativeabi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C reference engine ({@code native/src/reference/jh_reference_engine.c}) in plain Java: the
 * same integer arithmetic, so its tokens match the library's bit for bit. Tests run both and
 * compare. Java's {@code int} wraps mod 2^32 exactly as the C code's {@code uint32_t} does, its
 * {@code >>} is the C code's {@code sra}, {@code >>>} is an unsigned shift, and its {@code /}
 * truncates toward zero like C's.
 *
 * <p>One instance is an engine with one open session of {@code maxBatch} slots of
 * {@code maxSeqLen} positions. Misuse throws {@link IllegalArgumentException} (the library's
 * {@code JH_ERR_INVALID_ARGUMENT}); a rejected call changes nothing. Each slot's KV cache grows
 * as it is used, so a model of the engine's default limits costs little.
 */
public final class ReferenceEngineModel {

    /** The config keys, with their defaults and ranges, as the C engine has them. */
    private enum Key {
        VOCAB("vocab", 2, 1L << 20, 512),
        HIDDEN("hidden", 1, 4096, 32),
        MAX_BATCH("max-batch", 1, 1L << 16, 256),
        MAX_SEQ_LEN("max-seq-len", 2, 1L << 20, 4096),
        SEED("seed", 0, 0xFFFF_FFFFL, 1),
        LAYERS("layers", 1, 64, 2);

        final String name;
        final long min;
        final long max;
        final long fallback;

        Key(String name, long min, long max, long fallback) {
            this.name = name;
            this.min = min;
            this.max = max;
            this.fallback = fallback;
        }
    }

    private final int vocab;
    private final int hidden;
    private final int layers;
    private final int seed;
    private final int engineMaxBatch;
    private final int engineMaxSeqLen;
    private final int maxBatch;
    private final int maxSeqLen;

    private final int[] embed; // [vocab][hidden]
    private final int[][] wq;  // [layers][hidden * hidden], row i = output i
    private final int[][] wk;  // [layers][hidden * hidden]
    private final int[] wout;  // [vocab][hidden]

    /** Per slot, per layer: the cached k (= v) of each position; null when the slot is free. */
    private final List<List<int[]>>[] cache;

    /** A model with a session as large as the engine allows (config max-batch x max-seq-len). */
    public ReferenceEngineModel(Map<String, String> config) {
        this(config, -1, -1);
    }

    /**
     * A model with a session of {@code maxBatch} slots of {@code maxSeqLen} positions (what
     * {@code jh_open} was given); -1 for the engine's limit.
     */
    @SuppressWarnings("unchecked")
    public ReferenceEngineModel(Map<String, String> config, int maxBatch, int maxSeqLen) {
        Map<Key, Long> v = parse(config);
        vocab = v.get(Key.VOCAB).intValue();
        hidden = v.get(Key.HIDDEN).intValue();
        layers = v.get(Key.LAYERS).intValue();
        seed = (int) v.get(Key.SEED).longValue(); // uint32 bits
        engineMaxBatch = v.get(Key.MAX_BATCH).intValue();
        engineMaxSeqLen = v.get(Key.MAX_SEQ_LEN).intValue();
        this.maxBatch = maxBatch == -1 ? engineMaxBatch : maxBatch;
        this.maxSeqLen = maxSeqLen == -1 ? engineMaxSeqLen : maxSeqLen;
        if (this.maxBatch < 1 || this.maxBatch > engineMaxBatch) {
            throw new IllegalArgumentException("max_batch " + this.maxBatch + " is outside [1, " + engineMaxBatch + "]");
        }
        if (this.maxSeqLen < 2 || this.maxSeqLen > engineMaxSeqLen) {
            throw new IllegalArgumentException("max_seq_len " + this.maxSeqLen + " is outside [2, " + engineMaxSeqLen + "]");
        }

        // The weights, in the C engine's order, from xorshift32 seeded with seed * 0x9E3779B1 + 0x7F4A7C15.
        int[] state = {seed * 0x9E3779B1 + 0x7F4A7C15};
        if (state[0] == 0) {
            state[0] = 1;
        }
        int hh = hidden * hidden;
        embed = new int[vocab * hidden];
        for (int i = 0; i < embed.length; i++) {
            embed[i] = (xorshift32(state) >>> 24) - 128;
        }
        wq = new int[layers][hh];
        wk = new int[layers][hh];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < hh; i++) {
                wq[l][i] = (xorshift32(state) >>> 28) - 8;
            }
            for (int i = 0; i < hh; i++) {
                wk[l][i] = (xorshift32(state) >>> 28) - 8;
            }
        }
        wout = new int[vocab * hidden];
        for (int i = 0; i < wout.length; i++) {
            wout[i] = (xorshift32(state) >>> 28) - 8;
        }
        cache = new List[this.maxBatch];
    }

    /** Parses a config string as jh_create does: "key=value;key=value", empty entries ignored. */
    public static Map<String, String> parseConfig(String config) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : config.split(";", -1)) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("config entry '" + e + "' is not key=value");
            }
            String key = e.substring(0, eq).strip();
            if (map.put(key, e.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("config key '" + key + "' is given twice");
            }
        }
        return map;
    }

    private static Map<Key, Long> parse(Map<String, String> config) {
        Map<Key, Long> values = new HashMap<>();
        for (Key k : Key.values()) {
            values.put(k, k.fallback);
        }
        for (Map.Entry<String, String> e : config.entrySet()) {
            Key key = Arrays.stream(Key.values()).filter(k -> k.name.equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown config key '" + e.getKey() + "'"));
            String s = e.getValue();
            long value = -1;
            if (s.matches("[0-9]{1,10}")) {
                value = Long.parseLong(s);
            }
            if (value < key.min || value > key.max) {
                throw new IllegalArgumentException("config value " + key.name + "=" + s + ": expected an integer in ["
                        + key.min + ", " + key.max + "]");
            }
            values.put(key, value);
        }
        return values;
    }

    public int vocab() {
        return vocab;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int maxSeqLen() {
        return maxSeqLen;
    }

    /** jh_get_info's model string. */
    public String modelName() {
        return "reference (seed=" + Integer.toUnsignedString(seed) + ", layers=" + layers + ", hidden=" + hidden + ")";
    }

    /** Positions cached for the slot's sequence, or -1 when the slot is free. */
    public int length(int slot) {
        checkSlot(slot);
        return cache[slot] == null ? -1 : cache[slot].get(0).size();
    }

    /** Runs a prompt into a free slot; returns the first generated token. */
    public int prefill(int slot, int[] prompt) {
        int[] first = new int[1];
        prefill(1, new int[] {slot}, new int[][] {prompt}, first);
        return first[0];
    }

    /** One decode step of an active slot; returns the next token. */
    public int decode(int slot, int lastToken) {
        int[] next = new int[1];
        decode(1, new int[] {slot}, new int[] {lastToken}, next);
        return next[0];
    }

    /**
     * jh_prefill: rows {@code 0..count-1}; checks every row before it changes anything, so a
     * rejected step changes nothing.
     */
    public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
        checkStep(count, slots);
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            int[] prompt = prompts[i];
            if (cache[slot] != null) {
                throw new IllegalArgumentException("row " + i + ": slot " + slot + " holds a sequence; release it first");
            }
            if (prompt.length == 0) {
                throw new IllegalArgumentException("row " + i + ": the prompt is empty");
            }
            if (prompt.length >= maxSeqLen) {
                throw new IllegalArgumentException("row " + i + ": a prompt of " + prompt.length
                        + " tokens leaves no room to generate in slots of " + maxSeqLen + " positions");
            }
            for (int t : prompt) {
                checkToken(i, t);
            }
        }
        for (int i = 0; i < count; i++) {
            int[] prompt = prompts[i];
            List<List<int[]>> kv = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                kv.add(new ArrayList<>());
            }
            int next = -1;
            for (int p = 0; p < prompt.length; p++) {
                next = step(kv, prompt[p], p == prompt.length - 1);
            }
            cache[slots[i]] = kv;
            firstTokens[i] = next;
        }
    }

    /** jh_decode: rows {@code 0..count-1}; checks every row before it changes anything. */
    public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
        checkStep(count, slots);
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            if (cache[slot] == null) {
                throw new IllegalArgumentException("row " + i + ": slot " + slot + " holds no sequence");
            }
            if (cache[slot].get(0).size() >= maxSeqLen) {
                throw new IllegalArgumentException("row " + i + ": slot " + slot + " is full (all " + maxSeqLen
                        + " positions used)");
            }
            checkToken(i, lastTokens[i]);
        }
        for (int i = 0; i < count; i++) {
            nextTokens[i] = step(cache[slots[i]], lastTokens[i], true);
        }
    }

    /** Frees a slot (a free one stays free). */
    public void release(int slot) {
        checkSlot(slot);
        cache[slot] = null;
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= maxBatch) {
            throw new IllegalArgumentException("slot " + slot + " is outside [0, " + maxBatch + ")");
        }
    }

    private void checkStep(int count, int[] slots) {
        if (count < 1 || count > maxBatch) {
            throw new IllegalArgumentException("count " + count + " is outside [1, " + maxBatch + "]");
        }
        boolean[] seen = new boolean[maxBatch];
        for (int i = 0; i < count; i++) {
            checkSlot(slots[i]);
            if (seen[slots[i]]) {
                throw new IllegalArgumentException("row " + i + ": slot " + slots[i] + " appears twice in one step");
            }
            seen[slots[i]] = true;
        }
    }

    private void checkToken(int row, int token) {
        if (token < 0 || token >= vocab) {
            throw new IllegalArgumentException("row " + row + ": token " + token + " is outside the vocabulary [0, "
                    + vocab + ")");
        }
    }

    /** The C engine's step(): appends the token's k (= v) per layer; returns the next token or -1. */
    private int step(List<List<int[]>> kv, int token, boolean wantToken) {
        final int h = hidden;
        final int pos = kv.get(0).size();
        int[] x = new int[h];
        for (int i = 0; i < h; i++) {
            int mix = pos * 0x9E3779B1 + i * 0x85EBCA77;
            x[i] = embed[token * h + i] + (mix >>> 25) - 64;
        }
        int[] q = new int[h];
        for (int l = 0; l < layers; l++) {
            int[] k = new int[h];
            for (int i = 0; i < h; i++) {
                int sq = 0;
                int sk = 0;
                for (int j = 0; j < h; j++) {
                    sq += wq[l][i * h + j] * x[j];
                    sk += wk[l][i * h + j] * x[j];
                }
                q[i] = sq >> 4;
                k[i] = sk >> 4;
            }
            List<int[]> layerCache = kv.get(l);
            layerCache.add(k);

            int[] acc = new int[h];
            int total = 0;
            for (int[] kj : layerCache) {
                int dot = 0;
                for (int i = 0; i < h; i++) {
                    dot += q[i] * kj[i];
                }
                int score = 1 << ((dot >>> 8) & 7);
                total += score;
                for (int i = 0; i < h; i++) {
                    acc[i] += score * kj[i];
                }
            }

            int maxAbs = 0; // compared unsigned: |Integer.MIN_VALUE| is 2^31
            for (int i = 0; i < h; i++) {
                x[i] += acc[i] / total;
                int a = Math.abs(x[i]);
                if (Integer.compareUnsigned(a, maxAbs) > 0) {
                    maxAbs = a;
                }
            }
            int shift = 0;
            while (Integer.compareUnsigned(maxAbs >>> shift, 127) > 0) {
                shift++;
            }
            for (int i = 0; i < h; i++) {
                x[i] >>= shift;
            }
        }
        if (!wantToken) {
            return -1;
        }
        int best = 0;
        int bestLogit = 0;
        for (int v = 0; v < vocab; v++) {
            int sum = 0;
            for (int i = 0; i < h; i++) {
                sum += wout[v * h + i] * x[i];
            }
            if (v == 0 || sum > bestLogit) {
                best = v;
                bestLogit = sum;
            }
        }
        return best;
    }

    private static int xorshift32(int[] state) {
        int s = state[0];
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        state[0] = s;
        return s;
    }
}
