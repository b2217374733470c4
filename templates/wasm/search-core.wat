;; The hot loops of templates/static/search.js in WebAssembly: decoding a term's postings into
;; (slot, score) lists, intersecting and merging them, counting the words each document has, and
;; picking the best few. search.js carries this module assembled (the CORE_WASM line, written by
;; tools/search_core.py) and falls back to its own JavaScript of the same loops where WebAssembly
;; is not allowed. A query runs these loops once, on the page's first query, before the browser has
;; optimised any JavaScript: in WebAssembly they run compiled from the start.
;;
;; Every function mirrors its JavaScript twin operation for operation (scores computed in f64 and
;; stored as f32, as a Float32Array stores JavaScript's numbers), so both give the same ranking to
;; the bit; tests/test_search_core.py checks it.
;;
;; Memory: bytes 0..127 hold the digit of each character code of the index alphabet (255: none);
;; search.js lays out everything else (norm and tf tables, slot length classes, the lists).
(module
  (memory (export "memory") 32)
  (data (i32.const 0)
    "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff"
    "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\3e\ff\ff\00\01\02\03\04\05\06\07\08\09\ff\ff\ff\ff\ff\ff"
    "\ff\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20\21\22\23\ff\ff\ff\ff\3f"
    "\ff\24\25\26\27\28\29\2a\2b\2c\2d\2e\2f\30\31\32\33\34\35\36\37\38\39\3a\3b\3c\3d\ff\ff\ff\ff\ff")

  ;; The score of one posting: tf * k1 / (tf + norm[class of the slot's length]).
  (func $bm25 (param $tf f64) (param $k1 f64) (param $norm i32) (param $lengths i32) (param $slot i32) (result f32)
    (f32.demote_f64
      (f64.div
        (f64.mul (local.get $tf) (local.get $k1))
        (f64.add (local.get $tf)
          (f64.promote_f32
            (f32.load (i32.add (local.get $norm)
              (i32.shl (i32.load8_u (i32.add (local.get $lengths) (local.get $slot))) (i32.const 2)))))))))

  ;; A list of (slot gap, frequency class) varints (search.js postings(), the string form):
  ;; writes slots to $ids and scores to $scores, returns how many.
  (func (export "gaps") (param $src i32) (param $len i32) (param $classes i32) (param $tf i32)
        (param $norm i32) (param $lengths i32) (param $k1 f64) (param $ids i32) (param $scores i32)
        (result i32)
    (local $end i32) (local $digit i32) (local $value i32) (local $previous i32) (local $n i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $previous (i32.const -1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $digit (i32.load8_u (i32.load8_u (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $value (i32.shl (local.get $value) (i32.const 5)))
        (if (i32.ge_u (local.get $digit) (i32.const 32))
          (then
            (local.set $value (i32.add (local.get $value) (i32.sub (local.get $digit) (i32.const 32))))
            (br $next)))
        (local.set $value (i32.add (local.get $value) (local.get $digit)))
        (local.set $previous (i32.add (local.get $previous)
          (i32.add (i32.div_u (local.get $value) (local.get $classes)) (i32.const 1))))
        (i32.store (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2))) (local.get $previous))
        (f32.store (i32.add (local.get $scores) (i32.shl (local.get $n) (i32.const 2)))
          (call $bm25
            (f64.load (i32.add (local.get $tf) (i32.shl (i32.rem_u (local.get $value) (local.get $classes)) (i32.const 3))))
            (local.get $k1) (local.get $norm) (local.get $lengths) (local.get $previous)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $value (i32.const 0))
        (br $next)))
    (local.get $n))

  ;; A common term's two bitmaps (every slot; the frequent ones), $width characters each, six
  ;; slots a character, lowest bit first: the frequent slots get tf $high, the others $low.
  (func (export "bits") (param $src i32) (param $width i32) (param $low f64) (param $high f64)
        (param $k1 f64) (param $norm i32) (param $lengths i32) (param $ids i32) (param $scores i32)
        (result i32)
    (local $c i32) (local $all i32) (local $top i32) (local $bit i32) (local $slot i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $width)))
        (local.set $all (i32.load8_u (i32.load8_u (i32.add (local.get $src) (local.get $c)))))
        (if (i32.and (i32.ne (local.get $all) (i32.const 0)) (i32.ne (local.get $all) (i32.const 255)))
          (then
            (local.set $top (i32.load8_u (i32.load8_u
              (i32.add (local.get $src) (i32.add (local.get $width) (local.get $c))))))
            (block $empty
              (loop $bits
                (br_if $empty (i32.eqz (local.get $all)))
                (local.set $bit (i32.ctz (local.get $all)))
                (local.set $slot (i32.add (i32.mul (local.get $c) (i32.const 6)) (local.get $bit)))
                (i32.store (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2))) (local.get $slot))
                (f32.store (i32.add (local.get $scores) (i32.shl (local.get $n) (i32.const 2)))
                  (if (result f32) (i32.and (i32.shr_u (local.get $top) (local.get $bit)) (i32.const 1))
                    (then (call $bm25 (local.get $high) (local.get $k1) (local.get $norm) (local.get $lengths) (local.get $slot)))
                    (else (call $bm25 (local.get $low) (local.get $k1) (local.get $norm) (local.get $lengths) (local.get $slot)))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $all (i32.and (local.get $all) (i32.sub (local.get $all) (i32.const 1))))
                (br $bits)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; Slots in both lists (both ascending), scores a * $wa + b * $wb; returns how many.
  (func (export "intersect") (param $a i32) (param $as i32) (param $an i32) (param $wa f64)
        (param $b i32) (param $bs i32) (param $bn i32) (param $wb f64)
        (param $ids i32) (param $scores i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $x i32) (local $y i32)
    (block $done
      (loop $next
        (br_if $done (i32.or (i32.ge_u (local.get $i) (local.get $an)) (i32.ge_u (local.get $j) (local.get $bn))))
        (local.set $x (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $y (i32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
        (if (i32.lt_s (local.get $x) (local.get $y))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next)))
        (if (i32.gt_s (local.get $x) (local.get $y))
          (then (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $next)))
        (i32.store (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2))) (local.get $x))
        (f32.store (i32.add (local.get $scores) (i32.shl (local.get $k) (i32.const 2)))
          (f32.demote_f64 (f64.add
            (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $as) (i32.shl (local.get $i) (i32.const 2))))) (local.get $wa))
            (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $bs) (i32.shl (local.get $j) (i32.const 2))))) (local.get $wb)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.get $k))

  ;; Stores slot and score (f64, stored as f32) at position $k of the output lists.
  (func $put (param $ids i32) (param $scores i32) (param $k i32) (param $slot i32) (param $score f64)
    (i32.store (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2))) (local.get $slot))
    (f32.store (i32.add (local.get $scores) (i32.shl (local.get $k) (i32.const 2))) (f32.demote_f64 (local.get $score))))

  (func $score (param $scores i32) (param $i i32) (param $w f64) (result f64)
    (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2))))) (local.get $w)))

  ;; Slots in either list; a slot in both gets the larger score ($best) or the sum.
  (func (export "union") (param $a i32) (param $as i32) (param $an i32) (param $wa f64)
        (param $b i32) (param $bs i32) (param $bn i32) (param $wb f64) (param $best i32)
        (param $ids i32) (param $scores i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $x i32) (local $y i32) (local $u f64) (local $v f64)
    (block $done
      (loop $next
        (br_if $done (i32.or (i32.ge_u (local.get $i) (local.get $an)) (i32.ge_u (local.get $j) (local.get $bn))))
        (local.set $x (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $y (i32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
        (if (i32.lt_s (local.get $x) (local.get $y))
          (then
            (call $put (local.get $ids) (local.get $scores) (local.get $k) (local.get $x)
              (call $score (local.get $as) (local.get $i) (local.get $wa)))
            (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else
            (if (i32.gt_s (local.get $x) (local.get $y))
              (then
                (call $put (local.get $ids) (local.get $scores) (local.get $k) (local.get $y)
                  (call $score (local.get $bs) (local.get $j) (local.get $wb)))
                (local.set $j (i32.add (local.get $j) (i32.const 1))))
              (else
                (local.set $u (call $score (local.get $as) (local.get $i) (local.get $wa)))
                (local.set $v (call $score (local.get $bs) (local.get $j) (local.get $wb)))
                (call $put (local.get $ids) (local.get $scores) (local.get $k) (local.get $x)
                  (if (result f64) (local.get $best)
                    (then (if (result f64) (f64.gt (local.get $u) (local.get $v)) (then (local.get $u)) (else (local.get $v))))
                    (else (f64.add (local.get $u) (local.get $v)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (block $a_done
      (loop $rest_a
        (br_if $a_done (i32.ge_u (local.get $i) (local.get $an)))
        (call $put (local.get $ids) (local.get $scores) (local.get $k)
          (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
          (call $score (local.get $as) (local.get $i) (local.get $wa)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rest_a)))
    (block $b_done
      (loop $rest_b
        (br_if $b_done (i32.ge_u (local.get $j) (local.get $bn)))
        (call $put (local.get $ids) (local.get $scores) (local.get $k)
          (i32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (call $score (local.get $bs) (local.get $j) (local.get $wb)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rest_b)))
    (local.get $k))

  ;; where[slot] = the slot's position in the list $ids (for tally).
  (func (export "place") (param $ids i32) (param $n i32) (param $where i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store
          (i32.add (local.get $where) (i32.shl (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))
          (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; One more word found in each slot of $ids: count[where[slot]] += 1; returns the largest count.
  (func (export "tally") (param $ids i32) (param $n i32) (param $where i32) (param $count i32) (result i32)
    (local $i i32) (local $at i32) (local $c i32) (local $most i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $count)
          (i32.load (i32.add (local.get $where)
            (i32.shl (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))))
        (local.set $c (i32.add (i32.load8_u (local.get $at)) (i32.const 1)))
        (i32.store8 (local.get $at) (local.get $c))
        (if (i32.gt_u (local.get $c) (local.get $most)) (then (local.set $most (local.get $c))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $most))

  ;; The entries whose count is $most, copied in order to $out_ids and $out_scores; returns how many.
  (func (export "keep") (param $ids i32) (param $scores i32) (param $n i32) (param $count i32) (param $most i32)
        (param $out_ids i32) (param $out_scores i32) (result i32)
    (local $i i32) (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $count) (local.get $i))) (local.get $most))
          (then
            (i32.store (i32.add (local.get $out_ids) (i32.shl (local.get $k) (i32.const 2)))
              (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
            (f32.store (i32.add (local.get $out_scores) (i32.shl (local.get $k) (i32.const 2)))
              (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $k))

  ;; The $count best slots of the list, best first (score = floor(score * $weight + 0.5); a tie
  ;; goes to the lower slot, the list being in slot order) into $best (i32) using $keys (f64);
  ;; returns how many.
  (func (export "top") (param $slots i32) (param $scores i32) (param $n i32) (param $weight f64)
        (param $count i32) (param $best i32) (param $keys i32) (result i32)
    (local $k i32) (local $size i32) (local $at i32) (local $score f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $score (f64.floor (f64.add (call $score (local.get $scores) (local.get $k) (local.get $weight)) (f64.const 0.5))))
        (block $skip
          (br_if $skip (i32.and (i32.eq (local.get $size) (local.get $count))
            (f64.le (local.get $score)
              (f64.load (i32.add (local.get $keys) (i32.shl (i32.sub (local.get $count) (i32.const 1)) (i32.const 3)))))))
          (if (i32.lt_u (local.get $size) (local.get $count))
            (then (local.set $at (local.get $size)) (local.set $size (i32.add (local.get $size) (i32.const 1))))
            (else (local.set $at (i32.sub (local.get $count) (i32.const 1)))))
          (block $placed
            (loop $shift
              (br_if $placed (i32.eqz (local.get $at)))
              (br_if $placed (i32.eqz (f64.lt
                (f64.load (i32.add (local.get $keys) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 3))))
                (local.get $score))))
              (f64.store (i32.add (local.get $keys) (i32.shl (local.get $at) (i32.const 3)))
                (f64.load (i32.add (local.get $keys) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 3)))))
              (i32.store (i32.add (local.get $best) (i32.shl (local.get $at) (i32.const 2)))
                (i32.load (i32.add (local.get $best) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 2)))))
              (local.set $at (i32.sub (local.get $at) (i32.const 1)))
              (br $shift)))
          (f64.store (i32.add (local.get $keys) (i32.shl (local.get $at) (i32.const 3))) (local.get $score))
          (i32.store (i32.add (local.get $best) (i32.shl (local.get $at) (i32.const 2)))
            (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.get $size))
)
