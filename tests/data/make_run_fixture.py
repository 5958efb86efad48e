#!/usr/bin/env python3
"""Builds tests/data/run-fixture/ (a small complete run) from a real run directory.

Kernel rows, bench/quality/roofline metrics and the Pareto table are copied from the real
run; the projection and model metrics are synthetic (the description of each says
"fixture") because they only exercise the report's layout. One FAILED and one unavailable
row are added by hand. The audit registry is a small hand-made one (fixture.claims.ini) so
that the expected report does not change whenever configs/claims.ini does.

usage: tests/data/make_run_fixture.py REAL_RUN_DIR HYPERFINE_JSON
then:  tests/data/make_placement_fixture.py, build/q35bench seal tests/data/run-fixture
       build/q35bench report tests/data/run-fixture --out /tmp/x.md (and update the
       expected file tests/data/run-fixture.expected.md after reading the diff)
"""
import os, shutil, sys

real, hyperfine = sys.argv[1], sys.argv[2]
out = os.path.join(os.path.dirname(__file__), 'run-fixture')
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

def lines(name):
    return open(os.path.join(real, name)).read().rstrip('\n').split('\n')

# bench.tsv: q_proj M=1 for four kernels, up_proj batch rows for q35_simd, two hand-made rows
rows = lines('bench.tsv')
head = rows[0].split('\t')
keep = [rows[0]]
for r in rows[1:]:
    f = dict(zip(head, r.split('\t')))
    if f['shape'] == 'q_proj' and f['kernel'] in ('q35_baseline', 'q35_lut', 'q35_simd', 'int4_simd'):
        keep.append(r)
    if f['shape'] == 'up_proj' and f['kernel'] == 'q35_simd':
        keep.append(r)
def blank(kernel, fmt, status, message):
    f = dict.fromkeys(head, 'NA')
    f.update(name=kernel + '/odd/M:1/threads:1', sweep='fixture', kernel=kernel, format=fmt,
             shape='odd', n='17', k='65', m='1', threads='1', isa_path='-', params='-',
             status=status, message=message, weight_bytes='1105', bits_per_weight='8',
             bytes_moved='1241', ops='2210', gate_bound='0.001', counters='n/a (not timed)')
    return '\t'.join(f[h] for h in head)
keep.append(blank('q35_simd', 'q35', 'FAILED', 'max error 3.1e-02 over the bound 1.0e-03 (fixture row)'))
keep.append(blank('bf16_blas', 'bf16', 'unavailable', 'this CPU lacks avx512bf16 (fixture row)'))
open(os.path.join(out, 'bench.tsv'), 'w').write('\n'.join(keep) + '\n')

names = set()
for r in keep[1:]:
    f = dict(zip(head, r.split('\t')))
    if f['status'] == 'ok':
        names.add('bench.%s.%s.m%s.t%s.' % (f['kernel'], f['shape'], f['m'], f['threads']))
mb = lines('metrics.bench.tsv')
open(os.path.join(out, 'metrics.bench.tsv'), 'w').write(
    '\n'.join([mb[0]] + [r for r in mb[1:] if any(r.startswith(n) for n in names)]) + '\n')

wanted_quality = ('quality.seed_q35.mean_nrmse_pct', 'quality.seed_int4.mean_nrmse_pct',
                  'quality.seed_q35.std_nrmse_pct', 'quality.seed_int4.std_nrmse_pct',
                  'quality.q35_shared.normal.mean_weight_nrmse_pct',
                  'quality.seed_q35.normal.mean_weight_nrmse_pct',
                  'quality.q35_shared.normal.mean_bpw', 'quality.seed_q35.normal.mean_bpw',
                  'quality.q35_shared.student_t4.mean_weight_nrmse_pct',
                  'quality.q35_shared.normal.mean_sqnr_db')
mq = lines('metrics.quality.tsv')
open(os.path.join(out, 'metrics.quality.tsv'), 'w').write(
    '\n'.join([mq[0]] + [r for r in mq[1:] if r.split('\t')[0] in wanted_quality]) + '\n')

mr = lines('metrics.roofline.tsv')
keep_r = [r for r in mr[1:] if r.split('\t')[0].startswith(('roofline.stream.read.', 'roofline.stream.triad.',
                                                            'roofline.peak.', 'roofline.sgemm.', 'roofline.papi.'))]
open(os.path.join(out, 'metrics.roofline.tsv'), 'w').write('\n'.join([mr[0]] + keep_r) + '\n')

pq = lines('quality.pareto.tsv')
ph = pq[0].split('\t')
normal = [r for r in pq[1:] if r.split('\t')[0] == 'normal']
keep_p = ([pq[0]] + [r for r in normal if r.split('\t')[1] == 'scheme'][:5] +
          [r for r in normal if r.split('\t')[1] == 'reference'][:3])
open(os.path.join(out, 'quality.pareto.tsv'), 'w').write('\n'.join(keep_p) + '\n')

# synthetic model / projection metrics: only the report's layout depends on them
params = 70e9
bpw = {'fp16': 16.0, 'int4_g128': 4.25, 'q35': 4.0078125}
bw = {'this-machine': 40e9, 'groq-lpu': 80e12}
mp = ['id\tvalue\tlo\thi\tunit\tdescription', 'model.seed-70e9.params\t%.10g\tcount\tfixture' % params]
for f, b in bpw.items():
    wb = params * b / 8
    mp += ['model.seed-70e9.%s.weight_bytes\t%.10g\tbytes\tfixture' % (f, wb),
           'model.seed-70e9.%s.weight_gb\t%.10g\tgb\tfixture' % (f, wb / 1e9),
           'model.seed-70e9.%s.weight_gib\t%.10g\tgib\tfixture' % (f, wb / 2**30),
           'model.seed-70e9.%s.bpw\t%.10g\tbpw\tfixture' % (f, b)]
    for d, band in bw.items():
        need = 1 if d == 'this-machine' else int(-(-wb // 230e6))
        mp += ['projection.%s.seed-70e9.%s.decode_tok_s_bound\t%.10g\ttok_s\tfixture' % (d, f, need * band / wb),
               'projection.%s.seed-70e9.%s.devices_needed\t%d\tcount\tfixture' % (d, f, need)]
    mp += ['projection.groq-lpu.seed-70e9.%s.chips_needed\t%d\tcount\tfixture' % (f, int(-(-wb // 230e6))),
           'projection.groq-lpu.seed-70e9.%s.per_user_tok_s_bound\t%.10g\ttok_s\tfixture' % (f, 80e12 / wb)]
mp += ['calibration.q35.layer_ms_measured\tNA\tms\tfixture: no up_proj and down_proj medians in this run']
# exact model quantities: no confidence interval ('-' '-' after the value)
mp = [mp[0]] + ['\t'.join(r.split('\t')[:2] + ['-', '-'] + r.split('\t')[2:]) for r in mp[1:]]
open(os.path.join(out, 'metrics.projection.tsv'), 'w').write('\n'.join(mp) + '\n')

shutil.copy(os.path.join(real, 'machine.json'), os.path.join(out, 'machine.json'))
shutil.copy(hyperfine, os.path.join(out, 'hyperfine.coldstart.json'))
here = os.path.dirname(__file__)
shutil.copy(os.path.join(here, 'fixture.claims.ini'), os.path.join(out, 'audit.claims.ini'))
shutil.copy(os.path.join(here, 'fixture.references.ini'), os.path.join(out, 'audit.references.ini'))
open(os.path.join(out, 'steps.tsv'), 'w').write(
    'step\tmode\tstatus\tseconds\nbench\tquick\tok\t31\nquality\tquick\tok\t37\naudit\tquick\tok\t1\nplots\tquick\tok\t6\n')
