/* Offline Korean search for the archive (the index format is described in civicnews/search.py).
 *
 * A plain script: no modules, no fetch(), no WebAssembly, so it works from file:// as well as
 * from any static host. The index files are scripts that call the CivicSearch global; we load
 * the ones a query needs by inserting <script> tags.
 *
 * Korean query words carry particles and endings ("광주시는", "AI를", "육성했다"); we strip the
 * common ones, then look each word up twice: as a Kiwi morpheme, and as the Hangul bigrams of
 * the word. A word matches an article only if every one of its bigrams occurs there (or the
 * morpheme does), which lets "휠체어" find "전동휠체어" and "인공지능" find "인공 지능" without
 * letting a scatter of common bigrams bring unrelated articles.
 */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128).fill(-1);      // by character code: decoding is the hot loop
  for (var i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

  // Particles and endings stripped from the end of a Hangul query word, longest first.
  var ENDINGS = [
    "에서부터", "으로부터", "에서는", "에서도", "에서의", "으로는", "으로도", "으로서", "으로써",
    "에게서", "까지는", "까지도", "부터는", "이라는", "이라고", "이라며", "에게는", "한테서",
    "했었다", "하였다", "되었다", "됩니다", "합니다", "이었다", "였던", "이었던",
    "에서", "에게", "으로", "까지", "부터", "처럼", "보다", "마저", "조차", "이나", "이며", "이다",
    "라는", "라고", "로는", "로도", "로서", "로써", "와는", "과는", "에는", "에도", "에의", "한테",
    "했다", "한다", "하는", "하며", "하고", "해서", "했던", "하기", "하여", "하면", "된다", "됐다",
    "되는", "되어", "되며", "되고", "됐던", "적인", "적으로", "들이", "들은", "들을", "들의", "들",
    "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "께", "랑",
    "한", "된", "해", "돼"
  ];
  ENDINGS.sort(function (a, b) { return b.length - a.length; });
  var PARTICLE_ONLY = {};
  ENDINGS.forEach(function (e) { PARTICLE_ONLY[e] = true; });

  // Each shown result costs one file (its record and text), and in Chromium each file costs about
  // 3 ms of the page's main thread however small it is; so the first answer shows the best
  // FIRST_PAGE results (as Pagefind's interface does) and "더 보기" adds PAGE_SIZE more, whose files
  // are requested as soon as the button is pointed at or focused.
  var FIRST_PAGE = 5;
  var PAGE_SIZE = 10;
  var SLOT_FACTOR = 4194304;        // 2^22 > any slot count (search.py: slots < 1.5 x 2 x articles)
  var SNIPPET_CHARS = 160;

  var CS = window.CivicSearch = window.CivicSearch || {};
  var meta = null, shards = {}, docs = {};
  var config = { base: "search/", root: "" };

  // ------------------------------------------------------------ registration (called by the index files)

  CS.init = function (data) { meta = data; norms = null; membership = null; if (postingCache) postingCache.clear(); };
  CS.add = function (id, data) { shards[id] = data; };
  CS.doc = function (id, data) { docs[id] = data; };

  var waiting = {};

  // Inserts <script src> once; resolves with present() once the script has called us back.
  function loadScript(src, present) {
    var value = present();
    if (value !== undefined) return Promise.resolve(value);
    if (!waiting[src]) {
      waiting[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () {
          var loaded = present();
          if (loaded !== undefined) resolve(loaded);
          else { delete waiting[src]; reject(new Error("no search data in " + src)); }
        };
        script.onerror = function () { delete waiting[src]; reject(new Error("cannot load " + src)); };
        document.head.appendChild(script);
      });
    }
    return waiting[src];
  }

  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  function loadMeta() {
    return loadScript(config.base + "index.js", function () { return meta || undefined; });
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function loadShard(id) {
    return loadScript(config.base + "shard-" + pad(id, meta.width) + ".js", function () { return own(shards, id); });
  }

  function loadDoc(id) {
    return loadScript(config.base + "docs/" + id + ".js", function () { return own(docs, id); });
  }

  // ------------------------------------------------------------ index access

  function termHash(term) {
    var h = 0x811c9dc5;
    for (var k = 0; k < term.length; k++) {
      var code = term.codePointAt(k);
      if (code > 0xffff) k++;
      h = Math.imul((h ^ code) >>> 0, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function isSyllable(code) { return code >= 0xac00 && code <= 0xd7a3; }

  // A Hangul morpheme lives in the shard of the bigram of its first two syllables (see search.py).
  function shardKey(term) {
    if (term.length > 2 && isSyllable(term.charCodeAt(0)) && isSyllable(term.charCodeAt(1))) return term.slice(0, 2);
    return term;
  }

  function shardOf(term) { return termHash(shardKey(term)) % meta.shards; }

  // BM25's length part of a slot: k1 * (1 - b + b * length / mean length). Lengths come in classes
  // (one character per slot) and index.js carries their mean, so this is a table of 64 values and
  // a look-up per posting.
  var norms = null;
  function lengthNorms() {
    if (norms) return norms;
    var mean = meta.meanLength || 1, c;
    norms = new Float32Array(128);          // by character code of the slot's length class
    for (c = 0; c < 64; c++) {
      norms[ALPHABET.charCodeAt(c)] = meta.k1 * (1 - meta.b + meta.b * Math.pow(meta.lengthStep, c) / mean);
    }
    return norms;
  }

  // Calls each(slot) for the delta-coded slot list text (topics and years of index.js).
  function eachId(text, each) {
    var previous = -1, value = 0;
    for (var k = 0; k < text.length; k++) {
      var digit = DIGIT[text.charCodeAt(k)];
      if (digit >= 32) { value = value * 32 + digit - 32; continue; }
      previous += value * 32 + digit + 1;
      value = 0;
      each(previous);
    }
  }

  // ------------------------------------------------------------ the loops: WebAssembly, or the same in JavaScript

  // A set of matching documents: n slots ascending and their scores (parallel), and a weight the
  // scores are to be multiplied by (so that scaling a set, as coverage() does, copies nothing).
  // Sets are combined by merging the sorted lists, so a query costs the length of its postings,
  // never the number of slots. Where the lists live is the core's business: in the WebAssembly
  // core's memory (ids and scores are byte offsets there), or in JavaScript typed arrays.
  function Matches(n, ids, scores, weight) { this.n = n; this.ids = ids; this.scores = scores; this.weight = weight; }
  var NONE = new Matches(0, null, null, 1);

  function scaled(set, factor) { return factor === 1 ? set : new Matches(set.n, set.ids, set.scores, set.weight * factor); }

  // Scores are ranked as integers (BM25 times 2^20): the same rounding in both cores.
  function roundScore(x) { return Math.floor(x + 0.5); }

  // The count best slots of (slots, scores) by roundScore(score * weight), best first; a tie goes
  // to the lower slot (the lists are in slot order). One pass, no sort.
  function topOf(slots, scores, n, weight, count) {
    var bestScores = new Float64Array(count), best = new Int32Array(count), size = 0;
    for (var k = 0; k < n; k++) {
      var score = roundScore(scores[k] * weight);
      if (size === count && score <= bestScores[count - 1]) continue;
      var at = size < count ? size++ : count - 1;
      for (; at > 0 && bestScores[at - 1] < score; at--) { bestScores[at] = bestScores[at - 1]; best[at] = best[at - 1]; }
      bestScores[at] = score;
      best[at] = slots[k];
    }
    return best.subarray(0, size);
  }

  var POPCOUNT6 = new Uint8Array(64);
  for (i = 1; i < 64; i++) POPCOUNT6[i] = (i & 1) + POPCOUNT6[i >> 1];

  // The loops in JavaScript: where WebAssembly is not allowed (a Content-Security-Policy without
  // 'wasm-unsafe-eval'), and the reference the WebAssembly core is tested against.
  function scriptCore() {
    return {
      name: "js",
      // A shard entry's postings: slots ascending with tf * (k1 + 1) / (tf + norm(length)) each.
      // Entries are a string of (slot gap, frequency class) varints, or for common terms [two
      // bitmaps (every slot, the frequent ones), low class, high class]; see search.py.
      postings: function (entry) {
        var norm = lengthNorms(), lengths = meta.lengths, k1 = meta.k1 + 1, tfOf = meta.tf;
        var n = 0, k, c, ids, scores;
        if (typeof entry !== "string") {
          var bits = entry[0], width = Math.ceil(meta.slots / 6), low = tfOf[entry[1]], high = tfOf[entry[2]];
          for (c = 0; c < width; c++) n += POPCOUNT6[DIGIT[bits.charCodeAt(c)]];
          ids = new Int32Array(n);
          scores = new Float32Array(n);
          var lowTf = low * k1, highTf = high * k1;
          n = 0;
          for (c = 0; c < width; c++) {
            var all = DIGIT[bits.charCodeAt(c)];
            if (!all) continue;
            var top = DIGIT[bits.charCodeAt(width + c)];
            for (; all; all &= all - 1) {         // the set bits, lowest first
              var bit = 31 - Math.clz32(all & -all), slot = c * 6 + bit, lengthPart = norm[lengths.charCodeAt(slot)];
              ids[n] = slot;
              scores[n++] = top >> bit & 1 ? highTf / (high + lengthPart) : lowTf / (low + lengthPart);
            }
          }
          return new Matches(n, ids, scores, 1);
        }
        // at most one posting per character
        var classes = tfOf.length, previous = -1, value = 0;
        ids = new Int32Array(entry.length);
        scores = new Float32Array(entry.length);
        for (k = 0; k < entry.length; k++) {
          var digit = DIGIT[entry.charCodeAt(k)];
          if (digit >= 32) { value = value * 32 + digit - 32; continue; }
          value = value * 32 + digit;
          previous += Math.floor(value / classes) + 1;
          var tf = tfOf[value % classes];
          ids[n] = previous;
          scores[n++] = tf * k1 / (tf + norm[lengths.charCodeAt(previous)]);
          value = 0;
        }
        return new Matches(n, ids.subarray(0, n), scores.subarray(0, n), 1);
      },
      // Documents in both; their scores summed.
      intersect: function (a, b) {
        var an = a.n, bn = b.n, ids = new Int32Array(Math.min(an, bn)), scores = new Float32Array(ids.length);
        var i = 0, j = 0, k = 0, ai = a.ids, bi = b.ids, as = a.scores, bs = b.scores, wa = a.weight, wb = b.weight;
        while (i < an && j < bn) {
          var x = ai[i], y = bi[j];
          if (x < y) i++;
          else if (x > y) j++;
          else { ids[k] = x; scores[k++] = as[i++] * wa + bs[j++] * wb; }
        }
        return new Matches(k, ids.subarray(0, k), scores.subarray(0, k), 1);
      },
      // Documents in either; a document in both gets the larger score (best) or the sum.
      union: function (a, b, best) {
        var ai = a.ids, bi = b.ids, an = a.n, bn = b.n;
        var ids = new Int32Array(an + bn), scores = new Float32Array(an + bn);
        var i = 0, j = 0, k = 0, as = a.scores, bs = b.scores, wa = a.weight, wb = b.weight;
        while (i < an && j < bn) {
          var x = ai[i], y = bi[j];
          if (x < y) { ids[k] = x; scores[k++] = as[i++] * wa; }
          else if (x > y) { ids[k] = y; scores[k++] = bs[j++] * wb; }
          else {
            var u = as[i++] * wa, v = bs[j++] * wb;
            ids[k] = x; scores[k++] = best ? (u > v ? u : v) : u + v;
          }
        }
        for (; i < an; i++) { ids[k] = ai[i]; scores[k++] = as[i] * wa; }
        for (; j < bn; j++) { ids[k] = bi[j]; scores[k++] = bs[j] * wb; }
        return new Matches(k, ids.subarray(0, k), scores.subarray(0, k), 1);
      },
      // The documents of all that have the most of lists (the required words' sets, subsets of
      // all), and that number.
      keepMost: function (all, lists) {
        var where = new Int32Array(meta.slots), count = new Uint8Array(all.n), most = 0, i;
        for (i = 0; i < all.n; i++) where[all.ids[i]] = i;
        lists.forEach(function (list) {
          for (var j = 0; j < list.n; j++) {
            var c = ++count[where[list.ids[j]]];
            if (c > most) most = c;
          }
        });
        var ids = new Int32Array(all.n), scores = new Float32Array(all.n), kept = 0;
        for (i = 0; i < all.n; i++) {
          if (count[i] !== most) continue;
          ids[kept] = all.ids[i];
          scores[kept++] = all.scores[i];
        }
        return { set: new Matches(kept, ids.subarray(0, kept), scores.subarray(0, kept), all.weight), most: most };
      },
      top: function (set, weight, count) { return topOf(set.ids, set.scores, set.n, weight, count); },
      copy: function (set) { return { slots: set.ids, scores: set.scores }; },
      mark: function () { return 0; },
      release: function () {},
      full: function () { return false; }
    };
  }

  // The same loops compiled from templates/wasm/search-core.wat (assembled by tools/search_core.py).
  // The first query of a page runs them before the browser has optimised any JavaScript, where
  // the script loops cost tens of milliseconds on a big archive; compiled, they cost about one.
  var CORE_WASM = "AGFzbQEAAAABdAtgBXx8f39/AX1gCX9/f39/f3x/fwF/YAl/f3x8fH9/f38Bf2AKf39/fH9/f3x/fwF/YAV/f39/fABgA39/fAF8YAt/f398f39/fH9/fwF/YAN/f38AYAR/f39/AX9gB39/f39/f38Bf2AHf39/fH9/fwF/AwwLAAECAwQFBgcICQoFAwEAIAdJCQZtZW1vcnkCAARnYXBzAAEEYml0cwACCWludGVyc2VjdAADBXVuaW9uAAYFcGxhY2UABwV0YWxseQAIBGtlZXAACQN0b3AACgrJCgseACAAIAGiIAAgAiADIARqLQAAQQJ0aioCALugo7YLmwEBBX8gACABaiEJQX8hDAJAA0AgACAJTw0BIAAtAAAtAAAhCiAAQQFqIQAgC0EFdCELIApBIE8EQCALIApBIGtqIQsMAQsgCyAKaiELIAwgCyACbkEBamohDCAHIA1BAnRqIAw2AgAgCCANQQJ0aiADIAsgAnBBA3RqKwMAIAYgBCAFIAwQADgCACANQQFqIQ1BACELDAALCyANC7EBAQZ/AkADQCAJIAFPDQEgACAJai0AAC0AACEKIApBAEcgCkH/AUdxBEAgACABIAlqai0AAC0AACELAkADQCAKRQ0BIApoIQwgCUEGbCAMaiENIAcgDkECdGogDTYCACAIIA5BAnRqIAsgDHZBAXEEfSADIAQgBSAGIA0QAAUgAiAEIAUgBiANEAALOAIAIA5BAWohDiAKIApBAWtxIQoMAAsLCyAJQQFqIQkMAAsLIA4LpAEBBX8CQANAIAogAk8gCyAGT3INASAAIApBAnRqKAIAIQ0gBCALQQJ0aigCACEOIA0gDkgEQCAKQQFqIQoMAQsgDSAOSgRAIAtBAWohCwwBCyAIIAxBAnRqIA02AgAgCSAMQQJ0aiABIApBAnRqKgIAuyADoiAFIAtBAnRqKgIAuyAHoqC2OAIAIApBAWohCiALQQFqIQsgDEEBaiEMDAALCyAMCx0AIAAgAkECdGogAzYCACABIAJBAnRqIAS2OAIACxEAIAAgAUECdGoqAgC7IAKiC7YCAgV/AnwCQANAIAsgAk8gDCAGT3INASAAIAtBAnRqKAIAIQ4gBCAMQQJ0aigCACEPIA4gD0gEQCAJIAogDSAOIAEgCyADEAUQBCALQQFqIQsFIA4gD0oEQCAJIAogDSAPIAUgDCAHEAUQBCAMQQFqIQwFIAEgCyADEAUhECAFIAwgBxAFIREgCSAKIA0gDiAIBHwgECARZAR8IBAFIBELBSAQIBGgCxAEIAtBAWohCyAMQQFqIQwLCyANQQFqIQ0MAAsLAkADQCALIAJPDQEgCSAKIA0gACALQQJ0aigCACABIAsgAxAFEAQgC0EBaiELIA1BAWohDQwACwsCQANAIAwgBk8NASAJIAogDSAEIAxBAnRqKAIAIAUgDCAHEAUQBCAMQQFqIQwgDUEBaiENDAALCyANCzABAX8CQANAIAMgAU8NASACIAAgA0ECdGooAgBBAnRqIAM2AgAgA0EBaiEDDAALCwtSAQR/AkADQCAEIAFPDQEgAyACIAAgBEECdGooAgBBAnRqKAIAaiEFIAUtAABBAWohBiAFIAY6AAAgBiAHSwRAIAYhBwsgBEEBaiEEDAALCyAHC10BAn8CQANAIAcgAk8NASADIAdqLQAAIARGBEAgBSAIQQJ0aiAAIAdBAnRqKAIANgIAIAYgCEECdGogASAHQQJ0aioCADgCACAIQQFqIQgLIAdBAWohBwwACwsgCAvnAQIDfwF8AkADQCAHIAJPDQEgASAHIAMQBUQAAAAAAADgP6CcIQoCQCAIIARGIAogBiAEQQFrQQN0aisDAGVxDQAgCCAESQRAIAghCSAIQQFqIQgFIARBAWshCQsCQANAIAlFDQEgBiAJQQFrQQN0aisDACAKY0UNASAGIAlBA3RqIAYgCUEBa0EDdGorAwA5AwAgBSAJQQJ0aiAFIAlBAWtBAnRqKAIANgIAIAlBAWshCQwACwsgBiAJQQN0aiAKOQMAIAUgCUECdGogACAHQQJ0aigCADYCAAsgB0EBaiEHDAALCyAICwuHAQEAQQALgAH///////////////////////////////////////////////////////////8+//8AAQIDBAUGBwgJ/////////woLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj/////z//JCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD3//////wCMBgRuYW1lARMDAARibTI1BANwdXQFBXNjb3JlArkECwAFAAJ0ZgECazECBG5vcm0DB2xlbmd0aHMEBHNsb3QBDgADc3JjAQNsZW4CB2NsYXNzZXMDAnRmBARub3JtBQdsZW5ndGhzBgJrMQcDaWRzCAZzY29yZXMJA2VuZAoFZGlnaXQLBXZhbHVlDAhwcmV2aW91cw0BbgIPAANzcmMBBXdpZHRoAgNsb3cDBGhpZ2gEAmsxBQRub3JtBgdsZW5ndGhzBwNpZHMIBnNjb3JlcwkBYwoDYWxsCwN0b3AMA2JpdA0Ec2xvdA4BbgMPAAFhAQJhcwICYW4DAndhBAFiBQJicwYCYm4HAndiCANpZHMJBnNjb3JlcwoBaQsBagwBaw0BeA4BeQQFAANpZHMBBnNjb3JlcwIBawMEc2xvdAQFc2NvcmUFAwAGc2NvcmVzAQFpAgF3BhIAAWEBAmFzAgJhbgMCd2EEAWIFAmJzBgJibgcCd2IIBGJlc3QJA2lkcwoGc2NvcmVzCwFpDAFqDQFrDgF4DwF5EAF1EQF2BwQAA2lkcwEBbgIFd2hlcmUDAWkICAADaWRzAQFuAgV3aGVyZQMFY291bnQEAWkFAmF0BgFjBwRtb3N0CQkAA2lkcwEGc2NvcmVzAgFuAwVjb3VudAQEbW9zdAUHb3V0X2lkcwYKb3V0X3Njb3JlcwcBaQgBawoLAAVzbG90cwEGc2NvcmVzAgFuAwZ3ZWlnaHQEBWNvdW50BQRiZXN0BgRrZXlzBwFrCARzaXplCQJhdAoFc2NvcmUDswEIAQIABGRvbmUBBG5leHQCBAAEZG9uZQEEbmV4dAMFZW1wdHkEBGJpdHMDAgAEZG9uZQEEbmV4dAYGAARkb25lAQRuZXh0BgZhX2RvbmUHBnJlc3RfYQgGYl9kb25lCQZyZXN0X2IHAgAEZG9uZQEEbmV4dAgCAARkb25lAQRuZXh0CQIABGRvbmUBBG5leHQKBQAEZG9uZQEEbmV4dAIEc2tpcAQGcGxhY2VkBQVzaGlmdA==";

  function wasmCore() {
    if (CS.scriptOnly || typeof WebAssembly !== "object" || typeof TextEncoder !== "function" || !CORE_WASM) return null;
    var x;
    try {
      var text = atob(CORE_WASM), bytes = new Uint8Array(text.length);
      for (var k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
      x = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    } catch (e) {
      return null;                     // not allowed here: the JavaScript loops do the same
    }
    var memory = x.memory, encoder = new TextEncoder();
    var prepared = null, norm = 0, tf = 0, lengths = 0, base = 0, top = 0, kept = 0;

    // A bump allocator over the module's memory, 8-byte aligned; views are made after allocating
    // (growing the memory detaches the old buffer).
    function alloc(bytes) {
      var at = top;
      top = (top + bytes + 7) & ~7;
      var have = memory.buffer.byteLength;
      if (top > have) memory.grow(Math.ceil((top - have) / 65536));
      return at;
    }
    function copyIn(text) {
      var at = alloc(text.length);
      encoder.encodeInto(text, new Uint8Array(memory.buffer, at, text.length));   // the index is ASCII
      return at;
    }
    // The tables of index.js (length norms, tf classes, slot length classes), once per index.
    function prepare() {
      if (prepared === meta) return;
      top = 128;                       // bytes 0..127: the alphabet's digits (the module's data)
      norm = alloc(4 * 128);
      new Float32Array(memory.buffer, norm, 128).set(lengthNorms());
      tf = alloc(8 * meta.tf.length);
      new Float64Array(memory.buffer, tf, meta.tf.length).set(meta.tf);
      lengths = copyIn(meta.lengths);
      base = kept = top;
      prepared = meta;
      postingCache.clear();
    }
    function lists(n) { return [alloc(4 * n), alloc(4 * n)]; }

    return {
      name: "wasm",
      postings: function (entry) {
        prepare();
        var k1 = meta.k1 + 1, out, n;
        if (typeof entry === "string") {
          out = lists(entry.length);
          var source = copyIn(entry);
          n = x.gaps(source, entry.length, meta.tf.length, tf, norm, lengths, k1, out[0], out[1]);
          top = source;
        } else {
          var width = Math.ceil(meta.slots / 6);
          out = lists(6 * width);
          var bits = copyIn(entry[0]);
          n = x.bits(bits, width, meta.tf[entry[1]], meta.tf[entry[2]], k1, norm, lengths, out[0], out[1]);
          top = bits;
        }
        kept = top;                    // postings are cached: release() keeps them
        return new Matches(n, out[0], out[1], 1);
      },
      intersect: function (a, b) {
        var out = lists(Math.min(a.n, b.n));
        var n = x.intersect(a.ids, a.scores, a.n, a.weight, b.ids, b.scores, b.n, b.weight, out[0], out[1]);
        return new Matches(n, out[0], out[1], 1);
      },
      union: function (a, b, best) {
        var out = lists(a.n + b.n);
        var n = x.union(a.ids, a.scores, a.n, a.weight, b.ids, b.scores, b.n, b.weight, best ? 1 : 0, out[0], out[1]);
        return new Matches(n, out[0], out[1], 1);
      },
      keepMost: function (all, sets) {
        var where = alloc(4 * meta.slots), count = alloc(all.n), most = 0;
        new Uint8Array(memory.buffer, count, all.n).fill(0);
        x.place(all.ids, all.n, where);
        sets.forEach(function (set) { most = Math.max(most, x.tally(set.ids, set.n, where, count)); });
        var out = lists(all.n);
        var n = x.keep(all.ids, all.scores, all.n, count, most, out[0], out[1]);
        return { set: new Matches(n, out[0], out[1], all.weight), most: most };
      },
      top: function (set, weight, count) {
        var best = alloc(4 * count), keys = alloc(8 * count);
        var size = x.top(set.ids, set.scores, set.n, weight, count, best, keys);
        return new Int32Array(memory.buffer, best, size).slice();
      },
      copy: function (set) {
        return { slots: new Int32Array(memory.buffer, set.ids, set.n).slice(),
                 scores: new Float32Array(memory.buffer, set.scores, set.n).slice() };
      },
      // A query's intermediate lists are dropped once its ranking is copied out (not the cached postings).
      mark: function () { return top; },
      release: function (mark) { top = Math.max(mark, kept); },
      // Past 64 MB (CS.coreLimit) the cached postings are dropped too (search() does it
      // between queries).
      full: function () {
        if (top - base < (CS.coreLimit || 67108864)) return false;
        postingCache.clear();
        top = kept = base;
        return true;
      }
    };
  }

  var core = null;
  function theCore() { return core || (core = wasmCore() || scriptCore()); }
  var postingCache = new Map();

  // The postings of a morpheme ("m") or bigram ("b"), or null if the term is absent: slots
  // ascending with their BM25 scores. The BM25 weight of a posting is idf * tf * (k1 + 1) /
  // (tf + norm(length)): the core's scores hold tf * (k1 + 1) / (tf + norm) and the idf is the
  // set's weight.
  function postings(kind, term) {
    var key = kind + ":" + term;
    var cached = postingCache.get(key);
    if (cached !== undefined) return cached;
    var shard = shards[shardOf(term)];
    var table = shard && shard[kind];
    var entry = table && Object.prototype.hasOwnProperty.call(table, term) ? table[term] : null;
    var result = null;
    if (entry !== null) {
      result = theCore().postings(entry);
      result.weight = Math.log(1 + (meta.docs - result.n + 0.5) / (result.n + 0.5));
    }
    postingCache.set(key, result);
    return result;
  }
  // ------------------------------------------------------------ the query

  function hangulBigrams(word) {
    var grams = [];
    for (var k = 0; k + 1 < word.length; k++) grams.push(word.substr(k, 2));
    return grams;
  }

  function stripEnding(word) {
    for (var k = 0; k < ENDINGS.length; k++) {
      var e = ENDINGS[k];
      if (word.length - e.length >= 2 && word.slice(-e.length) === e) return word.slice(0, -e.length);
    }
    return word;
  }

  function isHangul(text) { return /^[가-힣]+$/.test(text); }

  // One query word -> its parts: {stem, morphs: [terms], need: [bigrams of the stem], weak}.
  // The particle is not looked up as bigrams: each bigram may cost one more file. A word matches a document when all its parts do.
  function analyseWord(word) {
    var pieces = word.match(/[가-힣]+|[a-z]+|[0-9]+|[^가-힣a-z0-9]+/g) || [];
    var parts = [];
    pieces.forEach(function (piece, index) {
      var after = index > 0 ? pieces[index - 1] : "";
      if (isHangul(piece)) {
        if (after && !isHangul(after)) {
          // "AI를", "NPU는", "2019년에", "62억원": particles and units glued to a Latin word or a number
          if (PARTICLE_ONLY[piece] || piece.length === 1) return;
          if (/^[0-9]+$/.test(after) && stripEnding(piece).length <= 2) return;
        }
        var stem = stripEnding(piece);
        var morphs = stem === piece ? [piece] : [piece, stem];
        parts.push({
          stem: stem, morphs: morphs, hangul: true,
          need: hangulBigrams(stem), weak: stem.length < 2
        });
      } else {
        parts.push({ stem: piece, morphs: [piece], hangul: false, need: [], weak: false });
      }
    });
    return { text: word, parts: parts, weak: parts.every(function (p) { return p.weak; }) };
  }

  function analyseQuery(query) {
    var words = query.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var seen = {};
    var out = [];
    words.forEach(function (w) {
      if (seen[w]) return;
      seen[w] = true;
      var analysed = analyseWord(w);
      if (analysed.parts.length) out.push(analysed);
    });
    return out;
  }

  function queryTerms(words) {
    var terms = [];
    words.forEach(function (w) {
      w.parts.forEach(function (p) {
        p.morphs.forEach(function (t) { terms.push(["m", t]); });
        p.need.forEach(function (t) { terms.push(["b", t]); });
      });
    });
    return terms;
  }

  // Documents that contain every bigram in grams, scored by the bigrams' mean; or null.
  function coverage(grams) {
    if (!grams.length) return null;
    var lists = [], times = [], k;
    for (k = 0; k < grams.length; k++) {
      var p = postings("b", grams[k]);
      if (!p) return null;
      var at = lists.indexOf(p);          // a repeated bigram ("하하하") counts as often as it occurs
      if (at < 0) { lists.push(p); times.push(1); } else times[at]++;
    }
    var order = lists.map(function (_, i) { return i; });
    order.sort(function (x, y) { return lists[x].n - lists[y].n; });
    var result = null;
    order.forEach(function (i) {
      var list = scaled(lists[i], times[i] / grams.length);
      result = result ? theCore().intersect(result, list) : list;
    });
    return result.n ? result : null;
  }

  // The documents one part of a word matches: its morpheme(s) (the best of them), or all of its
  // bigrams; a document matched both ways gets both scores.
  function matchPart(part) {
    var result = NONE;
    part.morphs.forEach(function (t) {
      var p = postings("m", t);
      if (p) result = result === NONE ? p : theCore().union(result, p, true);
    });
    if (part.hangul && part.need.length) {
      var stem = coverage(part.need);
      if (stem) result = result === NONE ? stem : theCore().union(result, stem, false);
    }
    return result;
  }

  // The documents a word matches: those every part of it matches, with the parts' scores summed.
  function matchWord(word) {
    var result = null;
    word.parts.forEach(function (part) {
      var next = matchPart(part);
      result = result === null ? next : theCore().intersect(result, next);
    });
    return result || NONE;
  }

  // The documents a query found, in rank order on demand: their slots (ascending) and scores
  // (times weight, the BM25 score, ranked to 2^-20 as an integer; best first, then the lower
  // slot). The first answer needs only the best few, which rank() picks in one pass (best); a
  // full sort of thousands of hits is made only when more is asked for (더 보기, a filter). Has
  // length and slice() like the Int32Array of all() it stands for.
  function Ranking(slots, scores, weight) {
    this.slots = slots; this.scores = scores; this.weight = weight; this.length = slots.length;
    this.sorted = null; this.best = null;
  }
  Ranking.prototype.all = function () {
    if (this.sorted) return this.sorted;
    // one number per hit, so that the browser's native numeric sort does the work
    var n = this.length, keys = new Float64Array(n), out = new Int32Array(n), k;
    var scores = this.scores, slots = this.slots, weight = this.weight;
    for (k = 0; k < n; k++) keys[k] = -roundScore(scores[k] * weight) * SLOT_FACTOR + slots[k];
    keys.sort();
    for (k = 0; k < n; k++) out[k] = ((keys[k] % SLOT_FACTOR) + SLOT_FACTOR) % SLOT_FACTOR;
    this.sorted = out;
    return out;
  };
  Ranking.prototype.top = function (count) {
    if (this.sorted || count >= this.length) return this.all().subarray(0, count);
    if (!this.best || this.best.length < count) this.best = topOf(this.slots, this.scores, this.length, this.weight, count);
    return this.best.subarray(0, count);
  };
  Ranking.prototype.slice = function (start, end) {
    return (end <= FIRST_PAGE ? this.top(end) : this.all()).slice(start, end);
  };
  Ranking.prototype.filter = function (keep) { return this.all().filter(keep); };

  var NO_HITS = { slots: new Int32Array(0), scores: new Float32Array(0) };

  // A Ranking of the documents with every (non-weak) word; if there are none, of those with the
  // most words, flagged as partial.
  function rank(words) {
    var core = theCore(), required = words.filter(function (w) { return !w.weak; });
    if (!required.length) required = words;
    var found = words.map(matchWord), best = found[0], most = best.n ? 1 : 0;
    if (words.length > 1) {
      // several words: add up the scores, count the required words each document has
      var all = NONE;
      found.forEach(function (f) { all = all === NONE ? f : core.union(all, f, false); });
      var kept = core.keepMost(all, found.filter(function (f, index) { return required.indexOf(words[index]) >= 0; }));
      best = kept.set;
      most = kept.most;
    }
    var weight = best.weight * 1048576;      // scores are ranked to 2^-20
    var out = most ? core.copy(best) : NO_HITS;
    var hits = new Ranking(out.slots, out.scores, weight);
    if (most) hits.best = core.top(best, weight, FIRST_PAGE);
    return { hits: hits, partial: hits.length > 0 && most < required.length };
  }

  // Close terms for a query that found nothing: the longest pieces of its words that do occur
  // (their bigrams are in the shards already loaded): a piece of three syllables or more whose
  // bigrams are all in some article, a piece of two only if it is a word of the index (any
  // bigram occurs somewhere: 우주정거장 is not to suggest 주정, from "광주정보문화산업진흥원").
  function closeTerms(words) {
    var out = [];
    words.forEach(function (w) {
      w.parts.forEach(function (p) {
        if (!p.hangul) return;
        var found = false;
        for (var len = p.stem.length - 1; len >= 2 && !found; len--) {
          for (var start = 0; start + len <= p.stem.length; start++) {
            var piece = p.stem.substr(start, len);
            var occurs = len >= 3 ? coverage(hangulBigrams(piece)) : postings("m", piece);
            if (out.indexOf(piece) < 0 && occurs) { out.push(piece); found = true; }
          }
        }
      });
    });
    return out.slice(0, 6);
  }

  var searching = 0;      // queries between their start and their ranking

  CS.search = function (query) {
    var words = analyseQuery(query);
    if (!words.length) return Promise.resolve({ words: words, hits: new Ranking(NO_HITS.slots, NO_HITS.scores, 1), partial: false });
    searching++;
    return loadMeta().then(function () {
      if (searching === 1) theCore().full();
      // all shards are asked for at once; each one's postings are decoded as soon as it is in,
      // while the others are still loading
      var byShard = {};
      queryTerms(words).forEach(function (t) {
        var id = shardOf(t[1]);
        (byShard[id] = byShard[id] || []).push(t);
      });
      return Promise.all(Object.keys(byShard).map(function (id) {
        return loadShard(+id).then(function () {
          byShard[id].forEach(function (t) { postings(t[0], t[1]); });
        });
      }));
    }).then(function () {
      mark("loaded");
      var core = theCore(), before = core.mark(), ranked = rank(words);
      if (searching === 1) core.release(before);
      return { words: words, hits: ranked.hits, partial: ranked.partial };
    }).finally(function () { searching--; });
  };
  CS.core = function () { return theCore().name; };
  // The close terms the page would suggest for a query (after searching it).
  CS.suggest = function (query) {
    return CS.search(query).then(function (result) { return closeTerms(result.words); });
  };
  CS.analyse = analyseQuery;

  // ------------------------------------------------------------ snippets and highlighting

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function highlighter(words) {
    var patterns = [];
    words.forEach(function (w) {
      w.parts.forEach(function (p) {
        if (p.weak && words.length > 1) return;
        // spacing may differ between the query and the text: "인공지능" ~ "인공 지능"
        var chars = Array.from(p.stem).map(escapeRegExp);
        patterns.push(p.hangul ? chars.join("\\s?") : escapeRegExp(p.stem));
      });
    });
    patterns.sort(function (a, b) { return b.length - a.length; });
    return patterns.length ? new RegExp(patterns.join("|"), "gi") : null;
  }

  function matches(text, pattern) {
    var out = [];
    if (!pattern) return out;
    pattern.lastIndex = 0;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (!m[0].length) { pattern.lastIndex++; continue; }
      out.push([m.index, m.index + m[0].length, m[0].toLowerCase().replace(/\s/g, "")]);
    }
    return out;
  }

  function appendMarked(element, text, pattern) {
    var last = 0;
    matches(text, pattern).forEach(function (m) {
      if (m[0] > last) element.appendChild(document.createTextNode(text.slice(last, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      element.appendChild(mark);
      last = m[1];
    });
    if (last < text.length) element.appendChild(document.createTextNode(text.slice(last)));
  }

  // The sentence with the most distinct query words, cut around the first match.
  function snippet(doc, pattern) {
    var sentences = (doc.x || "").split(/\n+|(?<=[.!?。…])\s+/).filter(function (s) { return s.trim(); });
    var best = null, bestScore = -1;
    sentences.forEach(function (s) {
      var found = matches(s, pattern);
      var distinct = {};
      found.forEach(function (m) { distinct[m[2]] = true; });
      var score = Object.keys(distinct).length * 100 + found.length;
      if (score > bestScore) { best = s; bestScore = score; }
    });
    if (best === null) return "";
    if (best.length <= SNIPPET_CHARS) return best;
    var first = matches(best, pattern)[0];
    var start = first ? Math.max(0, first[0] - Math.floor(SNIPPET_CHARS / 3)) : 0;
    var end = Math.min(best.length, start + SNIPPET_CHARS);
    start = Math.max(0, end - SNIPPET_CHARS);
    return (start > 0 ? "…" : "") + best.slice(start, end) + (end < best.length ? "…" : "");
  }

  // ------------------------------------------------------------ the page

  function $(id) { return document.getElementById(id); }

  // Timing marks (civicsearch:start, :loaded, :ranked, :requested, :listed, :shown) for the benchmark and the browser's profiler.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("civicsearch:" + name);
  }

  function readParams() {
    var params = new URLSearchParams(window.location.search);
    return { q: (params.get("q") || "").trim(), topic: params.get("topic") || "", year: params.get("year") || "" };
  }

  function writeParams(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.topic) params.set("topic", state.topic);
    if (state.year) params.set("year", state.year);
    try {
      window.history.replaceState(null, "", "?" + params.toString());
    } catch (e) { /* some browsers refuse history changes on file:// pages; the results still show */ }
  }

  function Page() {
    this.app = $("search-app");
    this.form = $("search-form");
    this.input = $("search-q");
    this.topic = $("search-topic");
    this.year = $("search-year");
    this.status = $("search-status");
    this.heading = $("search-heading");
    this.list = $("search-results");
    this.more = $("search-more");
    this.help = $("search-suggestions");
    this.baseTitle = document.title;
    this.result = null;
    this.shown = 0;
  }

  Page.prototype.setStatus = function (text) { this.status.textContent = text; };

  Page.prototype.start = function () {
    var self = this;
    // Both links come from the page (relative to it), so the site works under any path and from disk.
    config.base = (this.app.getAttribute("data-index") || "search/index.js").replace(/index\.js$/, "");
    config.root = (this.app.getAttribute("data-home") || "index.html").replace(/index\.html$/, "");
    var state = readParams();
    this.input.value = state.q;
    this.wanted = state;
    this.topic.addEventListener("change", function () { self.refilter(true); });
    this.year.addEventListener("change", function () { self.refilter(true); });
    this.more.addEventListener("click", function () { self.showMore(true); });
    ["pointerenter", "focus"].forEach(function (type) {
      self.more.addEventListener(type, function () { self.prefetchMore(); });
    });
    if (!state.q) {
      this.setStatus("검색어를 입력하세요.");
      this.app.setAttribute("data-state", "ready");
      return;
    }
    this.setStatus("‘" + state.q + "’ 찾는 중…");
    mark("start");
    CS.search(state.q).then(function (result) {
      mark("ranked");
      self.result = result;
      // the result list is drawn first; the filters' choices and counts come right after it
      var filters = self.effectiveFilters();
      self.prefetch(filters);
      self.filtersPending = true;
      self.headingFocus = true;     // once the list is drawn: focusing forces a layout, best done once
      self.refilter(false, filters);
    }).catch(function (error) {
      self.setStatus("검색 색인을 읽지 못했습니다 (" + error.message + ").");
      self.app.setAttribute("data-state", "error");
    });
  };

  // Topics and years per slot, decoded once from index.js: topicBits[slot * words + k / 32] has
  // bit k % 32 set for meta.topics[k]; yearOf[slot] is 1 + the index in meta.years (0: none).
  var membership = null;
  function members() {
    if (membership) return membership;
    var words = Math.max(1, Math.ceil(meta.topics.length / 32));
    var topicBits = new Uint32Array(meta.slots * words), yearOf = new Uint8Array(meta.slots);
    meta.topics.forEach(function (t, k) {
      var word = k >> 5, bit = (1 << (k & 31)) >>> 0;
      eachId(t[3], function (d) { topicBits[d * words + word] |= bit; });
    });
    meta.years.forEach(function (y, k) {
      eachId(y[1], function (d) { yearOf[d] = k + 1; });
    });
    membership = { words: words, topicBits: topicBits, yearOf: yearOf };
    return membership;
  }

  // Does the slot pass the topic and year filters (slugs and years as strings, "" = any)?
  function passes(topic, year) {
    if (!topic && !year) return function () { return true; };
    var m = members(), k, t = -1, y = 0;
    for (k = 0; topic && k < meta.topics.length; k++) if (meta.topics[k][0] === topic) t = k;
    for (k = 0; year && k < meta.years.length; k++) if (String(meta.years[k][0]) === year) y = k + 1;
    return function (doc) {
      if (topic && (t < 0 || !(m.topicBits[doc * m.words + (t >> 5)] & (1 << (t & 31))))) return false;
      return !year || (y > 0 && m.yearOf[doc] === y);
    };
  }

  // Starts loading the files of the first results the page will show (with the filters of the
  // address), so they load while the filters are counted and the status is written.
  Page.prototype.prefetch = function (filters) {
    var hits = this.result.hits;
    if (filters.topic || filters.year) hits = hits.filter(passes(filters.topic, filters.year));
    Array.prototype.forEach.call(hits.slice(0, FIRST_PAGE), function (slot) { loadDoc(slot).catch(function () {}); });
  };

  // Starts loading the files of the results "더 보기" would add.
  Page.prototype.prefetchMore = function () {
    if (!this.filtered || this.more.hidden) return;
    Array.prototype.forEach.call(this.filtered.slice(this.shown, this.shown + PAGE_SIZE),
      function (slot) { loadDoc(slot).catch(function () {}); });
  };

  function setOptions(select, label, options, wanted) {
    while (select.options.length) select.remove(0);
    select.add(new Option(label, ""));
    options.forEach(function (o) {
      var option = new Option(o[1] + " (" + o[2] + ")", o[0]);
      select.add(option);
    });
    select.value = wanted;
    if (select.value !== wanted) select.value = "";
  }

  // Topic and year choices with their counts among the results.
  Page.prototype.fillFilters = function () {
    var hits = this.result.hits.slots, m = members();      // in slot order: only counted
    var topicCounts = new Int32Array(meta.topics.length), yearCounts = new Int32Array(meta.years.length + 1);
    for (var i = 0; i < hits.length; i++) {
      var doc = hits[i];
      yearCounts[m.yearOf[doc]]++;
      for (var w = 0; w < m.words; w++) {
        for (var bits = m.topicBits[doc * m.words + w]; bits; bits &= bits - 1) topicCounts[w * 32 + 31 - Math.clz32(bits & -bits)]++;
      }
    }
    var topics = meta.topics.map(function (t, k) { return [t[0], t[1], topicCounts[k]]; })
      .filter(function (t) { return t[2] > 0; });
    var years = meta.years.map(function (y, k) { return [String(y[0]), y[0] + "년", yearCounts[k + 1]]; })
      .filter(function (y) { return y[2] > 0; });
    setOptions(this.topic, "모든 주제", topics, this.wanted.topic);
    setOptions(this.year, "모든 연도", years, this.wanted.year);
  };

  // The filters of the address that fillFilters() will offer: a topic or year is offered when some
  // result has it (otherwise the choice falls back to all).
  Page.prototype.effectiveFilters = function () {
    var hits = this.result.hits.slots, topic = this.wanted.topic, year = this.wanted.year;
    if (topic && !hits.some(passes(topic, ""))) topic = "";
    if (year && !hits.some(passes("", year))) year = "";
    return { topic: topic, year: year };
  };

  // Shows the results that pass the filters: those chosen on the page, or given (on load, before
  // the filter menus are filled).
  Page.prototype.refilter = function (fromUser, filters) {
    if (!this.result) return;
    var topic = filters ? filters.topic : this.topic.value, year = filters ? filters.year : this.year.value;
    var keep = passes(topic, year);
    this.filtered = topic || year ? this.result.hits.filter(keep) : this.result.hits;
    this.pattern = highlighter(this.result.words);
    if (fromUser) writeParams({ q: this.input.value.trim(), topic: topic, year: year });
    this.list.textContent = "";
    this.shown = 0;
    this.help.hidden = true;
    this.help.textContent = "";
    var q = this.wanted.q;
    var count = this.filtered.length;
    var text;
    if (!this.result.hits.length) text = "‘" + q + "’ 검색 결과가 없습니다.";
    else if (!count) text = "‘" + q + "’ 검색 결과 " + this.result.hits.length + "건 가운데 선택한 주제·연도에 맞는 기사가 없습니다.";
    else text = "‘" + q + "’ 검색 결과 " + count + "건" +
      (this.result.partial ? ". 모든 검색어를 포함한 기사가 없어, 일부 검색어만 포함한 기사를 보여 줍니다." : "");
    this.heading.hidden = false;
    this.setStatus(text);
    document.title = "‘" + q + "’ 검색 결과 " + count + "건 · " + this.baseTitle;
    if (!this.result.hits.length) this.suggest();
    this.showMore(false);
  };

  Page.prototype.suggest = function () {
    var root = config.root, help = this.help;
    var tips = document.createElement("p");
    tips.textContent = "철자와 띄어쓰기를 확인하거나, 더 짧은 낱말이나 다른 낱말로 찾아보세요.";
    help.appendChild(tips);
    var close = closeTerms(this.result.words);
    if (close.length) {
      var p = document.createElement("p");
      p.appendChild(document.createTextNode("비슷한 검색어: "));
      close.forEach(function (term, index) {
        if (index) p.appendChild(document.createTextNode(", "));
        var a = document.createElement("a");
        a.href = "?q=" + encodeURIComponent(term);
        a.textContent = term;
        p.appendChild(a);
      });
      help.appendChild(p);
    }
    var topics = meta.topics.filter(function (t) { return t[2]; });
    if (topics.length) {
      var h = document.createElement("h3");
      h.textContent = "주제별로 둘러보기";
      help.appendChild(h);
      var ul = document.createElement("ul");
      topics.forEach(function (t) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + t[2];
        a.textContent = t[1];
        li.appendChild(a);
        ul.appendChild(li);
      });
      help.appendChild(ul);
    }
    help.hidden = false;
  };

  function recordOf(slot) { return own(docs, slot); }

  // Shows the first FIRST_PAGE results, or PAGE_SIZE more: the list goes on screen once every shown result's file is
  // in (a result without its file is not shown half-made); the snippets are filled in after the
  // list is drawn. data-state=ready once the last snippet is in.
  Page.prototype.showMore = function (moveFocus) {
    var self = this, filtered = this.filtered;
    var batch = Array.from(filtered.slice(this.shown, this.shown + (this.shown ? PAGE_SIZE : FIRST_PAGE)));
    this.shown += batch.length;
    this.more.hidden = true;
    this.app.setAttribute("aria-busy", "true");
    this.app.setAttribute("data-state", "loading");
    mark("requested");
    var files = batch.map(loadDoc);
    var missing = batch.filter(function (slot) { return !recordOf(slot); }).map(loadDoc);
    function stale() { return filtered !== self.filtered; }     // the filters changed meanwhile
    function fail(error) {
      if (stale()) return;
      self.setStatus("검색 결과를 읽지 못했습니다 (" + error.message + ").");
      self.app.setAttribute("data-state", "error");
    }
    Promise.all(missing).then(function () {
      if (stale()) return;
      var firstLink = null;
      var items = batch.map(function (slot) {
        var li = self.renderHit(recordOf(slot), slot);
        self.list.appendChild(li);
        if (!firstLink) firstLink = li.querySelector("a");
        return li;
      });
      self.more.hidden = self.shown >= self.filtered.length;
      mark("listed");
      if (self.filtersPending) { self.filtersPending = false; self.fillFilters(); }
      if (self.headingFocus) { self.headingFocus = false; self.heading.focus(); }
      if (moveFocus && firstLink) firstLink.focus();
      return Promise.all(files.map(function (file, index) {
        // a missing article file costs its snippet, not the results
        return file.then(function (doc) { if (!stale()) self.fillSnippet(items[index], doc); }, function () {});
      })).then(function () {
        if (stale()) return;
        self.app.setAttribute("aria-busy", "false");
        mark("shown");
        self.app.setAttribute("data-state", "ready");     // tests and scripts wait for this
      });
    }).catch(fail);
  };

  Page.prototype.renderHit = function (doc, slot) {
    var li = document.createElement("li");
    li.className = "search-result";
    li.setAttribute("data-doc", String(slot));
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = config.root + doc.u;
    appendMarked(a, doc.t, this.pattern);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement("p");
    info.className = "search-meta";
    if (doc.d) {
      var time = document.createElement("time");
      time.setAttribute("datetime", doc.d);
      time.textContent = doc.d;
      info.appendChild(time);
    }
    if (doc.o) info.appendChild(document.createTextNode((doc.d ? " · " : "") + doc.o));
    li.appendChild(info);
    return li;
  };

  Page.prototype.fillSnippet = function (li, doc) {
    var text = snippet(doc, this.pattern) || (doc.s && doc.s[0]) || "";
    if (!text) return;
    var p = document.createElement("p");
    p.className = "search-snippet";
    appendMarked(p, text, this.pattern);
    li.appendChild(p);
  };

  function boot() {
    if (!$("search-app")) return;
    new Page().start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
