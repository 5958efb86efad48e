#!/usr/bin/env python3
"""Adds to tests/data/run-fixture/ what the noise-aware bench step writes (docs/noise.md),
after make_run_fixture.py built the fixture from a real run of three repetitions per case:

  bench.samples.tsv   each case's three repetitions, recovered exactly from its min, median
                      and mean (n = 3: the samples are min, median and 3 mean - min - median)
  bench.tsv           the new columns: the interval of the median (the whole range, coverage
                      0.75, as ci_median gives for three samples), block, attempts, noise
  bench.compare.tsv   the comparisons computed from those samples the way harness/compare.c
                      does (Hodges-Lehmann ratio, exact Mann-Whitney interval and p-value);
                      tests/test_report_fixture.c recomputes every row with harness/intervals.c
  metrics.bench.tsv   the medians' intervals and the comparison and noise rows

Fixture values (described as such in the files): the quietness figures, one re-measured
noisy case, the A/A twin's samples (the original's times scaled by 1.03, 0.98 and 1.01), and
a DRAM read roof on up_proj below one case's GB/s, so that the report's "above the roof"
rendering is exercised. Idempotent: columns and rows it added before are replaced.

usage: tests/data/add_noise_fixture.py
then:  build/q35bench seal tests/data/run-fixture (after removing its COMPLETE)
"""
import math, os

here = os.path.dirname(os.path.abspath(__file__))
run = os.path.join(here, 'run-fixture')
NEW = ['median_lo_ms', 'median_hi_ms', 'median_coverage', 'block', 'attempts', 'kept_attempt',
       'first_cv', 'noisy', 'load_avg', 'steal_pct', 'other_cpu_pct', 'roof_gbps',
       'roof_lo_gbps', 'roof_hi_gbps', 'above_roof', 'reps_cut_short']
CONF = 0.95


def read(name):
    rows = open(os.path.join(run, name)).read().rstrip('\n').split('\n')
    return rows[0].split('\t'), [r.split('\t') for r in rows[1:]]


def write(name, head, rows):
    open(os.path.join(run, name), 'w').write(
        '\n'.join('\t'.join(str(x) for x in r) for r in [head] + rows) + '\n')


def num(x):
    return float(x) if x not in ('NA', '-') else float('nan')


# ---- the interval code of harness/intervals.c, for the fixture only -------------------
def mwu_null_cdf(m, n):
    width = m * n + 1
    c = [[0] * width for _ in range(m + 1)]
    for i in range(m + 1):
        c[i][0] = 1
    for j in range(1, n + 1):
        for i in range(1, m + 1):
            for u in range(width - 1, j - 1, -1):
                c[i][u] += c[i - 1][u - j]
    total = sum(c[m])
    out, run_ = [], 0
    for u in range(width):
        run_ += c[m][u]
        out.append(run_ / total)
    return out


def quantile(s, q):
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def ci_ratio(a, b):
    d = sorted(math.log(x) - math.log(y) for x in a for y in b)
    mn = len(d)
    cdf = mwu_null_cdf(len(a), len(b))
    k = 1
    for cand in range(mn // 2, 0, -1):
        if 1 - 2 * cdf[cand - 1] >= CONF:
            k = cand
            break
    return (math.exp(quantile(d, 0.5)), math.exp(d[k - 1]), math.exp(d[mn - k]),
            1 - 2 * cdf[k - 1])


def mwu_p(a, b):
    allv = sorted([(x, 1) for x in a] + [(y, 0) for y in b])
    assert len(set(v for v, _ in allv)) == len(allv), 'ties: not in this fixture'
    rank_a = sum(i + 1 for i, (_, fa) in enumerate(allv) if fa)
    u = rank_a - len(a) * (len(a) + 1) / 2
    cdf = mwu_null_cdf(len(a), len(b))
    us = int(u)
    lower, upper = cdf[us], 1 - cdf[us - 1] if us else 1
    return min(1, 2 * min(lower, upper))


# ---- bench.tsv and the samples -----------------------------------------------------------
head, rows = read('bench.tsv')
keep = [i for i, h in enumerate(head) if h not in NEW]
head = [head[i] for i in keep]
rows = [[r[i] for i in keep] for r in rows]
col = {h: i for i, h in enumerate(head)}
samples, cases = [], {}
for r in rows:
    f = dict(zip(head, r))
    if f['status'] != 'ok':
        r += ['NA'] * len(NEW)
        continue
    assert f['repetitions'] == '3'
    lo, med, mean = num(f['min_ms']), num(f['median_ms']), num(f['mean_ms'])
    s = [lo, med, 3 * mean - lo - med]
    cases[f['name']] = (f, s)
    for i, v in enumerate(s):
        samples.append([f['name'], i, f['iterations'], '%.9g' % v, 'NA', 0 if f['shape'] == 'q_proj' else 1, 0])
    noisy = f['name'] == 'q35_simd/q_proj/M:1/threads:2'
    roof = f['shape'] == 'up_proj'
    above = roof and num(f['gbps']) > 5.0
    r += ['%.9g' % min(s), '%.9g' % max(s), 0.75, 0 if f['shape'] == 'q_proj' else 1,
          2 if noisy else 1, 1 if noisy else 0, '%.9g' % (num(f['cv']) * (1.3 if noisy else 1)),
          1 if noisy else 0, 2.1, 0.4, 12.5] + \
         ([4.8, 4.6, 5.0, 1 if above else 0] if roof else ['NA'] * 4) + [0]
write('bench.tsv', head + NEW, rows)

twin_of = 'q35_simd/q_proj/M:1/threads:1'
twin = [v * f for v, f in zip(cases[twin_of][1], (1.03, 0.98, 1.01))]
out = []
for sm in samples:
    out.append(sm)
    if sm[0] == twin_of and sm[1] == 2:
        out += [[twin_of + '/twin', i, cases[twin_of][0]['iterations'], '%.9g' % v, 'NA', 0, 0]
                for i, v in enumerate(twin)]
write('bench.samples.tsv', ['name', 'repetition', 'iterations', 'real_ms', 'cpu_ms', 'block',
                            'attempt'], out)

# ---- comparisons -----------------------------------------------------------------------
baselines = {'q35': 'q35_baseline', 'q35d': 'q35_baseline', 'int4': 'int4_baseline'}
pairs = [('int4_simd', 'q35_simd')]
comp = []


def case(kernel, shape, m, t):
    return cases.get('%s/%s/M:%s/threads:%s' % (kernel, shape, m, t))


def add(kind, id_, a, b, sa, sb, interleaved='yes'):
    if any(c[0] == id_ for c in comp):
        return
    v, lo, hi, cov = ci_ratio(sa, sb)
    fa, fb = a[0], b[0]
    comp.append([id_, kind, fa['name'], fb['name'] if kind != 'aa' else fa['name'] + '/twin',
                 fa['shape'], fa['m'], fa['threads'], fb['threads'], '%.9g' % v, '%.9g' % lo,
                 '%.9g' % hi, '%.6g' % cov, '%.6g' % mwu_p(sa, sb), len(sa), len(sb),
                 'yes' if lo > 1 or hi < 1 else 'no', interleaved])


a = cases[twin_of]
add('aa', 'bench.aa.q35_simd.q_proj.m1.t1.ratio', a, a, a[1], twin)
for name, (f, s) in cases.items():
    base = baselines.get(f['format'])
    y = case(base, f['shape'], f['m'], f['threads']) if base and base != f['kernel'] else None
    if y:
        add('baseline', 'bench.compare.%s.over.%s.%s.m%s.t%s.ratio' % (base, f['kernel'], f['shape'], f['m'], f['threads']),
            y, (f, s), y[1], s)
    for pa, pb in pairs:
        y = case(pb, f['shape'], f['m'], f['threads']) if f['kernel'] == pa else None
        if y:
            add('pair', 'bench.compare.%s.over.%s.%s.m%s.t%s.ratio' % (pa, pb, f['shape'], f['m'], f['threads']),
                (f, s), y, s, y[1])
    y = case(f['kernel'], f['shape'], f['m'], 1) if f['threads'] != '1' else None
    if y:
        add('threads', 'bench.threads.%s.%s.m%s.t1.over.t%s.ratio' % (f['kernel'], f['shape'], f['m'], f['threads']),
            y, (f, s), y[1], s, 'no' if f['name'] == 'q35_simd/q_proj/M:1/threads:2' else 'yes')
write('bench.compare.tsv', ['id', 'kind', 'a', 'b', 'shape', 'm', 'threads_a', 'threads_b',
                            'ratio', 'lo', 'hi', 'coverage', 'p_value', 'n_a', 'n_b',
                            'distinguishable', 'interleaved'], comp)

# ---- metrics.bench.tsv ---------------------------------------------------------------------
mh, mrows = read('metrics.bench.tsv')
mrows = [r for r in mrows if not r[0].startswith(('bench.compare.', 'bench.threads.', 'bench.aa.',
                                                  'bench.noise.', 'bench.roof.'))]
for r in mrows:
    if r[0].endswith('.median_ms') and r[1] != 'NA':
        for name, (f, s) in cases.items():
            if r[0] == 'bench.%s.%s.m%s.t%s.median_ms' % (f['kernel'], f['shape'], f['m'], f['threads']):
                r[2], r[3] = '%.9g' % min(s), '%.9g' % max(s)
for c in comp:
    mrows.append([c[0], c[8], c[9], c[10], 'x', 'measured: time(%s) / time(%s); Hodges-Lehmann '
                  'estimate, lo/hi: Mann-Whitney interval (fixture: recomputed from the samples)' % (c[2], c[3])])
fixture = 'fixture value (tests/data/add_noise_fixture.py)'
mrows += [['bench.noise.load_avg', '2.1', '-', '-', 'count', fixture],
          ['bench.noise.steal_pct', '0.4', '-', '-', 'pct', fixture],
          ['bench.noise.other_cpu_pct', '12.5', '-', '-', 'pct', fixture],
          ['bench.noise.interleaved', '1', '-', '-', 'bool', fixture],
          ['bench.noise.cv_max_pct', '10', '-', '-', 'pct', fixture],
          ['bench.noise.steal_max_pct', '5', '-', '-', 'pct', fixture],
          ['bench.noise.cases_remeasured', '1', '-', '-', 'count', fixture],
          ['bench.noise.cases_noisy', '1', '-', '-', 'count', fixture],
          ['bench.roof.cases_above', '1', '-', '-', 'count', fixture],
          ['bench.roof.read.up_proj.t2.gbps', '4.8', '4.6', '5.0', 'gbps', fixture]]
write('metrics.bench.tsv', mh, mrows)
