#!/usr/bin/env python3
"""Adds roofline.placement.tsv to tests/data/run-fixture/: every bench.tsv row placed the way
roofline/placement.c places it, on flat roofs taken from the fixture's metrics.roofline.tsv
(the STREAM read bandwidth and the compute peak of the format's kind at the row's thread
count; the fixture has no cache sweep, so every working set is at the "dram" level). The
notes say "fixture". The report reads this file for % of roof and the binding roof.

usage: tests/data/make_placement_fixture.py
then:  rm tests/data/run-fixture/COMPLETE && build/q35bench seal tests/data/run-fixture
"""
import os

here = os.path.dirname(os.path.abspath(__file__))
run = os.path.join(here, 'run-fixture')

def table(name):
    rows = open(os.path.join(run, name)).read().rstrip('\n').split('\n')
    head = rows[0].split('\t')
    return [dict(zip(head, r.split('\t'))) for r in rows[1:]]

metrics = {r['id']: r['value'] for r in table('metrics.roofline.tsv')}
# formats/format_traits.h: the compute kind of each format
compute = {'f32': 'fp32', 'fp16': 'fp32', 'bf16': 'fp32'}
peak_id = {'fp32': 'fp32_gflops', 'int8': 'int8_gops', 'fp64': 'fp64_gflops'}
cols = ['name', 'kernel', 'format', 'shape', 'n', 'k', 'm', 'threads', 'status', 'weight_bytes',
        'bytes_moved', 'ops', 'ai_ops_per_byte', 'median_ms', 'gbps', 'gops', 'roof_threads',
        'level', 'bw_roof_gbps', 'compute_roof', 'compute_roof_gops', 'attainable_gops',
        'pct_bw_roof', 'pct_compute_roof', 'pct_attainable', 'binds', 'ipc', 'bytes_per_miss',
        'counters', 'note']

def g(v):
    return '%.6g' % v

out = ['\t'.join(cols)]
for b in table('bench.tsv'):
    kind = compute.get(b['format'], 'int8')
    p = dict.fromkeys(cols, 'NA')
    for c in ('name', 'kernel', 'format', 'shape', 'n', 'k', 'm', 'threads', 'status'):
        p[c] = b[c]
    for c in ('weight_bytes', 'bytes_moved', 'ops'):
        p[c] = g(float(b[c])) if b[c] != 'NA' else 'NA'
    p['compute_roof'] = kind
    p['counters'] = 'n/a (not timed)'
    if b['status'] != 'ok':
        p['note'] = 'not timed (status %s)' % b['status']
        out.append('\t'.join(p[c] for c in cols))
        continue
    t = b['threads']
    bytes_moved, ops, ms = float(b['bytes_moved']), float(b['ops']), float(b['median_ms'])
    ai, gbps, gops = ops / bytes_moved, bytes_moved / ms * 1e-6, ops / ms * 1e-6
    bw = float(metrics['roofline.stream.read.t%s.gbps' % t])
    peak = float(metrics['roofline.peak.%s.t%s' % (peak_id[kind], t)])
    attainable = min(peak, ai * bw)
    p.update(ai_ops_per_byte=g(ai), median_ms=g(ms), gbps=g(gbps), gops=g(gops), roof_threads=t,
             level='dram', bw_roof_gbps=g(bw), compute_roof_gops=g(peak),
             attainable_gops=g(attainable), pct_bw_roof=g(100 * gbps / bw),
             pct_compute_roof=g(100 * gops / peak), pct_attainable=g(100 * gops / attainable),
             binds='bandwidth' if ai * bw < peak else 'compute', counters=b['counters'],
             note='fixture: flat roofs (STREAM read and the %s peak of metrics.roofline.tsv)' % kind)
    out.append('\t'.join(p[c] for c in cols))
open(os.path.join(run, 'roofline.placement.tsv'), 'w').write('\n'.join(out) + '\n')
