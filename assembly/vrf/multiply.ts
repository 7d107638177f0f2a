// The verifier's variable-time multi-scalar multiplications (public data only):
//
//   U = s·B - c·Y      = [c](-Y) + [lo]B + [hi](2^128·B),  s = lo + 2^128·hi
//   V = s·H - c·Gamma  = [c](-Gamma) + [s]H
//
// Both run one doubling chain with an addition wherever a wNAF digit is nonzero (Straus),
// like ed25519's verifier (assembly/ed25519/verify.ts), whose static tables of odd
// multiples of B and 2^128·B (width-8 wNAF) and per-point tables (width 5) are reused.
// U's chain is 128 doublings long; V's is as long as s (up to 253): V needs the exact point,
// so there is no lattice shortcut as in signature verification. The two chains are
// independent, so mulPairVartime runs them side by side and pairs their operations over
// U's positions (point_x2.ts: two field operations in the two lanes of SIMD vectors).
//
// When Y's comb table is cached (key_cache.ts), U instead comes from mulBaseMinusKeyVartime:
// fixed-base combs of B and of Y, additions and 7 doublings, in two paired accumulators.
import { scToWnafVartime } from "../ed25519/scalar";
import {
  POINT_BYTES, NIELS_BYTES, geAdd, geSub, geMixedAdd, geMixedSub, geDouble, geP1P1ToP2, geP1P1ToP3,
  geIdentity, geToCached, buildOddMultiplesVartime,
} from "../ed25519/point";
import { BASE_ODD_MULTIPLES, BASE128_ODD_MULTIPLES, BASE_WNAF_WIDTH } from "../ed25519/tables.generated";
import { baseWideTable, scToRadix128Vartime, BASE_WIDE_DIGITS, BASE_WIDE_ROW } from "./base_wide";
import { scToRadix16Ct } from "./curve";
import { KEY_ROW_WIDTH } from "./key_cache";
import { geDoubleX2, geP1P1ToP2X2, geP1P1ToP3X2, geAddX2, geMixedAddX2, buildOddMultiplesX2 } from "./point_x2";

const POINT_WNAF_WIDTH: i32 = 5;
const POINT_TABLE_SIZE: i32 = 1 << (POINT_WNAF_WIDTH - 2);

// @ts-ignore: decorator
@lazy const tableP: usize = memory.data(<i32>POINT_BYTES * POINT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const tableQ: usize = memory.data(<i32>POINT_BYTES * POINT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const nafP: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafQ: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafLo: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafHi: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const acc: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const sum: usize = memory.data(<i32>POINT_BYTES, 8);

/** r (P1P1) = p3 ± (|digit|·point) from a Cached table of odd multiples. */
// @ts-ignore: decorator
@inline function addCached(r: usize, p3: usize, table: usize, digit: i32): void {
  if (digit > 0) geAdd(r, p3, table + POINT_BYTES * <usize>(digit >> 1));
  else geSub(r, p3, table + POINT_BYTES * <usize>((-digit) >> 1));
}

/** r (P1P1) = p3 ± (|digit|·point) from a static Niels table of odd multiples. */
// @ts-ignore: decorator
@inline function addNiels(r: usize, p3: usize, table: usize, digit: i32): void {
  if (digit > 0) geMixedAdd(r, p3, table + NIELS_BYTES * <usize>(digit >> 1));
  else geMixedSub(r, p3, table + NIELS_BYTES * <usize>((-digit) >> 1));
}

/**
 * r (P3) = [a]P + [b]Q + [lo]B + [hi](2^128·B) for 32-byte scalars below 2^255 and P3
 * points P and Q. With `q` = 0 the Q term is left out (no table is built for it), with
 * `lo` = `hi` = 0 the B terms.
 */
export function mulVartime(r: usize, a: usize, p: usize, b: usize, q: usize, lo: usize, hi: usize): void {
  buildOddMultiplesVartime(tableP, POINT_TABLE_SIZE, p, sum, r);
  let top = scToWnafVartime(nafP, a, POINT_WNAF_WIDTH);
  if (q != 0) {
    buildOddMultiplesVartime(tableQ, POINT_TABLE_SIZE, q, sum, r);
    top = max(top, scToWnafVartime(nafQ, b, POINT_WNAF_WIDTH));
  }
  let base = lo != 0;
  if (base) {
    top = max(top, scToWnafVartime(nafLo, lo, BASE_WNAF_WIDTH));
    top = max(top, scToWnafVartime(nafHi, hi, BASE_WNAF_WIDTH));
  }
  geIdentity(acc);
  if (top < 0) geDouble(r, acc); // the identity in P1P1 form: every scalar is 0
  for (let i = top; i >= 0; i--) {
    geDouble(r, acc);
    let dp = <i32>load<i8>(nafP + <usize>i);
    let dq = q != 0 ? <i32>load<i8>(nafQ + <usize>i) : 0;
    let dl = base ? <i32>load<i8>(nafLo + <usize>i) : 0;
    let dh = base ? <i32>load<i8>(nafHi + <usize>i) : 0;
    if (dp != 0) { geP1P1ToP3(sum, r); addCached(r, sum, tableP, dp); }
    if (dq != 0) { geP1P1ToP3(sum, r); addCached(r, sum, tableQ, dq); }
    if (dl != 0) { geP1P1ToP3(sum, r); addNiels(r, sum, BASE_ODD_MULTIPLES, dl); }
    if (dh != 0) { geP1P1ToP3(sum, r); addNiels(r, sum, BASE128_ODD_MULTIPLES, dh); }
    if (i > 0) geP1P1ToP2(acc, r);
  }
  geP1P1ToP3(acc, r);
  memory.copy(r, acc, POINT_BYTES);
}

// @ts-ignore: decorator
@lazy const digitsS: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const digitsC: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const p1p1: usize = memory.data(<i32>POINT_BYTES, 8);

// Entries of one comb phase: (Niels point address u32, negate u32) per nonzero digit.
// @ts-ignore: decorator
@lazy const phaseA: usize = memory.data(8 * 40, 8);
// @ts-ignore: decorator
@lazy const phaseB: usize = memory.data(8 * 40, 8);
// @ts-ignore: decorator
@lazy const accB: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const p1p1B: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * Lists the nonzero digits i = first, first + 2, … < end of `digits` over a Niels table
 * with rows of `rowWidth` multiples (digit i uses row i >> 1) into `list`, as (entry,
 * negate) with the sign flipped when `negate`; returns the count.
 */
function listDigits(list: usize, digits: usize, first: i32, end: i32, table: usize, rowWidth: i32, negate: bool): i32 {
  let n = 0;
  for (let i = first; i < end; i += 2) {
    let d = <i32>load<i8>(digits + <usize>i);
    if (d == 0) continue;
    if (negate) d = -d;
    let row = table + NIELS_BYTES * <usize>((i >> 1) * rowWidth);
    store<u32>(list + 8 * <usize>n, <u32>(row + NIELS_BYTES * <usize>((d > 0 ? d : -d) - 1)));
    store<u32>(list + 8 * <usize>n + 4, d < 0 ? 1 : 0);
    n++;
  }
  return n;
}

/** acc += each listed entry (P3; `p1` is P1P1 scratch). */
function addListed(acc: usize, p1: usize, list: usize, from: i32, to: i32): void {
  for (let k = from; k < to; k++) {
    let e = <usize>load<u32>(list + 8 * <usize>k);
    if (load<u32>(list + 8 * <usize>k + 4) != 0) geMixedSub(p1, acc, e);
    else geMixedAdd(p1, acc, e);
    geP1P1ToP3(acc, p1);
  }
}

/** acc += phaseA's nA entries and accB += phaseB's nB, paired while both have one. */
function addListedPair(nA: i32, nB: i32): void {
  let n = min(nA, nB);
  for (let k = 0; k < n; k++) {
    let a = phaseA + 8 * <usize>k, b = phaseB + 8 * <usize>k;
    geMixedAddX2(p1p1, acc, <usize>load<u32>(a), load<u32>(a, 4) != 0, p1p1B, accB, <usize>load<u32>(b), load<u32>(b, 4) != 0);
    geP1P1ToP3X2(acc, p1p1, accB, p1p1B);
  }
  addListed(acc, p1p1, phaseA, n, nA);
  addListed(accB, p1p1B, phaseB, n, nB);
}

/**
 * r (P3) = [s]B - [c]Y for a 32-byte scalar s < 2^253, a 32-byte c < 2^128 and the comb
 * table of Y (key_cache.ts: row i = 1..8 · 2^(8i)·Y). s has signed radix-2^7 digits over
 * base_wide.ts's rows 2^(14i)·B, c signed radix-16 digits over Y's rows 2^(8i)·Y; in
 * each, digit j uses row j>>1, so the odd digits need one more factor of 2^7 (s) or 2^4
 * (c) than their row gives. Two accumulators, one per scalar, Horner over those factors:
 * the odd digits, 7 (s) or 4 (c) doublings, the even digits; then U is their sum. They
 * run side by side, each addition and doubling paired with the other's where both have
 * one (point_x2.ts). About 68 mixed additions (34 pairs) and 7 doublings (4 pairs),
 * against 128 doublings on the generic path. Variable time.
 */
export function mulBaseMinusKeyVartime(r: usize, s: usize, c: usize, keyTable: usize): void {
  let baseTable = baseWideTable();
  scToRadix128Vartime(digitsS, s);
  scToRadix16Ct(digitsC, c); // c < 2^128: digits 33..63 are 0
  geIdentity(acc);  // s·B
  geIdentity(accB); // -c·Y
  addListedPair(
    listDigits(phaseA, digitsS, 1, BASE_WIDE_DIGITS, baseTable, BASE_WIDE_ROW, false),
    listDigits(phaseB, digitsC, 1, 33, keyTable, KEY_ROW_WIDTH, true),
  );
  for (let d = 0; d < 3; d++) {
    geDoubleX2(p1p1, acc, p1p1B, accB);
    geP1P1ToP2X2(acc, p1p1, accB, p1p1B);
  }
  geDoubleX2(p1p1, acc, p1p1B, accB);
  geP1P1ToP3X2(acc, p1p1, accB, p1p1B); // -c·Y: 2^4 done
  for (let d = 0; d < 3; d++) {
    geDouble(p1p1, acc);
    if (d < 2) geP1P1ToP2(acc, p1p1);
    else geP1P1ToP3(acc, p1p1);         // s·B: 2^7 done
  }
  addListedPair(
    listDigits(phaseA, digitsS, 0, BASE_WIDE_DIGITS, baseTable, BASE_WIDE_ROW, false),
    listDigits(phaseB, digitsC, 0, 33, keyTable, KEY_ROW_WIDTH, true),
  );
  geToCached(sum, accB);
  geAdd(p1p1, acc, sum);
  geP1P1ToP3(r, p1p1);
}

// @ts-ignore: decorator
@lazy const tableH: usize = memory.data(<i32>POINT_BYTES * POINT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const nafC: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafS: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const accU: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const accV: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const rU: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const rV: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const sumV: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * u (P3) = [c]Y + [lo]B + [hi](2^128·B) and v (P3) = [c]G + [s]H, for 32-byte scalars below
 * 2^255 and P3 points Y, G, H: the verifier's U and V (with Y and G negated by the caller)
 * in two doubling chains run side by side. U's chain is as long as c, lo and hi (128
 * doublings), V's as long as s (up to 253); over U's positions both chains take their
 * doubling, and their conversions back to P2, in one paired operation (point_x2.ts), and
 * the additions of c's digits, which fall on the same positions in both, are paired too.
 * The tables of Y and G are built together. The same points as two mulVartime calls.
 */
export function mulPairVartime(u: usize, v: usize, c: usize, y: usize, lo: usize, hi: usize, g: usize, s: usize, h: usize): void {
  buildOddMultiplesX2(tableP, y, tableQ, g, POINT_TABLE_SIZE, sum, rU, sumV, rV);
  buildOddMultiplesVartime(tableH, POINT_TABLE_SIZE, h, sum, rU);
  let topC = scToWnafVartime(nafC, c, POINT_WNAF_WIDTH);
  let topS = scToWnafVartime(nafS, s, POINT_WNAF_WIDTH);
  let topU = max(topC, max(scToWnafVartime(nafLo, lo, BASE_WNAF_WIDTH), scToWnafVartime(nafHi, hi, BASE_WNAF_WIDTH)));
  let top = max(topU, topS);
  geIdentity(accU);
  geIdentity(accV);
  geIdentity(u); // stays so if every scalar of U is 0
  geIdentity(v);
  for (let i = top; i >= 0; i--) {
    let dc = <i32>load<i8>(nafC + <usize>i);
    let ds = <i32>load<i8>(nafS + <usize>i);
    if (i > topU) {
      // Above U's chain: V alone (only s has digits here, c's top is at most topU).
      geDouble(rV, accV);
      if (ds != 0) { geP1P1ToP3(sumV, rV); addCached(rV, sumV, tableH, ds); }
      if (i > 0) geP1P1ToP2(accV, rV);
      else geP1P1ToP3(v, rV);
      continue;
    }
    geDoubleX2(rU, accU, rV, accV);
    if (dc != 0) {
      geP1P1ToP3X2(sum, rU, sumV, rV);
      let k = POINT_BYTES * <usize>((dc > 0 ? dc : -dc) >> 1);
      geAddX2(rU, sum, tableP + k, rV, sumV, tableQ + k, dc < 0);
    }
    let dl = <i32>load<i8>(nafLo + <usize>i);
    let dh = <i32>load<i8>(nafHi + <usize>i);
    if (dl != 0) { geP1P1ToP3(sum, rU); addNiels(rU, sum, BASE_ODD_MULTIPLES, dl); }
    if (dh != 0) { geP1P1ToP3(sum, rU); addNiels(rU, sum, BASE128_ODD_MULTIPLES, dh); }
    if (ds != 0) { geP1P1ToP3(sumV, rV); addCached(rV, sumV, tableH, ds); }
    if (i > 0) geP1P1ToP2X2(accU, rU, accV, rV);
    else geP1P1ToP3X2(u, rU, v, rV);
  }
}
